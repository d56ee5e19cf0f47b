package io.campus.launcher;

import io.campus.platform.db.LeftoverPostgres;
import io.campus.platform.testing.ChildJvm;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The all-in-one jar as a user runs it: {@code java -jar launcher/target/campus.jar}. */
class CampusJarIT {

  private static final Path JAR = Path.of("target", "campus.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("java -jar campus.jar serves the seeded catalog, health and metrics, and Ctrl-C stops it all")
  void runsAndStops(@TempDir Path dir) throws Exception {
    int http = TestNodes.freePort();
    int management = TestNodes.freePort();
    try (ChildJvm campus = startCampus(dir, http, management)) {
      // A probe polled every 50 ms from launch: the first UP must mean the first request is served.
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> get(management, "/health/ready").statusCode() == 200);
      HttpResponse<String> courses = get(http, "/api/courses");
      assertEquals(200, courses.statusCode(), courses.body());
      assertEquals(401, post(http, "/api/auth/login",
          "{\"email\":\"nobody@example.org\",\"password\":\"correct horse battery\"}").statusCode());
      campus.awaitOutput("campus ready in", Duration.ofSeconds(5));
      // Once ready it prints every setting it runs with: those set with where they came from, defaults included.
      campus.awaitOutput("campus campus runs with these settings", Duration.ofSeconds(5));
      assertTrue(campus.output().contains("  http.port = " + http + "   (environment)"), campus.output());
      assertTrue(campus.output().contains("  upstream.timeout.ms = 800   (default)"), campus.output());
      assertTrue(campus.output().contains("  auth.hash.workers = 2   (default)"), campus.output());
      assertTrue(new JsonObject(courses.body()).getLong("total") >= 12, courses.body());

      String account = "{\"email\":\"jar@example.org\",\"password\":\"correct horse battery\",\"name\":\"Jar\"}";
      assertEquals(201, post(http, "/api/auth/register", account).statusCode());
      HttpResponse<String> login = post(http, "/api/auth/login", account.replace(",\"name\":\"Jar\"", ""));
      assertEquals(200, login.statusCode(), login.body());
      HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/me"))
          .header("Authorization", "Bearer " + new JsonObject(login.body()).getString("accessToken")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("jar@example.org", new JsonObject(me.body()).getString("email"));

      // A purchase works right after start: the all-in-one runs the payment sandbox itself.
      String token = new JsonObject(login.body()).getString("accessToken");
      String course = new JsonObject(get(http, "/api/courses/java-from-zero").body()).getString("id");
      HttpResponse<String> bought = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
              + "/api/purchases")).header("Authorization", "Bearer " + token).header("Idempotency-Key", "jar-1")
          .POST(HttpRequest.BodyPublishers.ofString("{\"courseId\":\"" + course + "\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, bought.statusCode(), bought.body());
      String purchase = new JsonObject(bought.body()).getString("purchaseId");
      await().atMost(Duration.ofSeconds(20)).until(() -> new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + http + "/api/purchases/" + purchase)).header("Authorization", "Bearer " + token)
          .build(), HttpResponse.BodyHandlers.ofString()).body()).getString("status").equals("COMPLETED"));

      HttpResponse<String> ready = get(management, "/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals("UP", new JsonObject(ready.body()).getString("outcome"));
      assertEquals(200, get(management, "/health/live").statusCode());
      String metrics = get(management, "/metrics").body();
      assertTrue(metrics.contains("vertx_http_server_requests_total"), "Prometheus text with Vert.x HTTP metrics");

      assertEquals(143, campus.terminate(Duration.ofSeconds(30)), campus.output());
      assertTrue(campus.output().contains("campus campus stopped"), campus.output());
      assertFalse(Files.exists(dir.resolve("campus/postgres/postmaster.pid")), "embedded PostgreSQL stopped");
    } finally {
      LeftoverPostgres.stop(dir.resolve("campus/postgres"));
    }
  }

  @Test
  @DisplayName("a database that cannot be reached ends the start with one clear line and exit status 1")
  void databaseDown(@TempDir Path dir) throws Exception {
    int nobody = TestNodes.freePort();
    try (ChildJvm campus = ChildJvm.start(JAR, List.of(), List.of(), Map.of(
        "CAMPUS_DATA_DIR", dir.toString(),
        "CAMPUS_DB_URL", "postgresql://campus:topsecret@127.0.0.1:" + nobody,
        "CAMPUS_DB_CONNECT_ATTEMPTS", "2",
        "CAMPUS_HTTP_HOST", "127.0.0.1", "CAMPUS_HTTP_PORT", String.valueOf(TestNodes.freePort()),
        "CAMPUS_MOBILE_HTTP_PORT", String.valueOf(TestNodes.freePort()),
        "CAMPUS_MANAGEMENT_HOST", "127.0.0.1", "CAMPUS_MANAGEMENT_PORT", String.valueOf(TestNodes.freePort()),
        "CAMPUS_SANDBOX_PORT", String.valueOf(TestNodes.freePort())),
        dir.resolve("campus.log"))) {
      assertEquals(1, campus.terminateAfterExit(Duration.ofSeconds(60)));
      String output = campus.output();
      // Services start in parallel: whichever fails first is reported.
      assertTrue(java.util.regex.Pattern.compile("campus: campus failed to start: database 127\\.0\\.0\\.1:" + nobody
          + "/[a-z_]+ for [a-z-]+ is unreachable after 2 attempts").matcher(output).find(), output);
      assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
      assertFalse(output.contains("topsecret"), "no password:\n" + output);
    }
  }

  @Test
  @DisplayName("an HTTP port already taken ends the start with one line naming it, and the process exits")
  void portTaken(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ChildJvm campus = ChildJvm.start(JAR, List.of(), List.of(), Map.of(
             "CAMPUS_DATA_DIR", dir.toString(),
             "CAMPUS_HTTP_HOST", "127.0.0.1", "CAMPUS_HTTP_PORT", String.valueOf(taken.getLocalPort()),
             "CAMPUS_MOBILE_HTTP_PORT", String.valueOf(TestNodes.freePort()),
             "CAMPUS_MANAGEMENT_HOST", "127.0.0.1", "CAMPUS_MANAGEMENT_PORT", String.valueOf(TestNodes.freePort()),
             "CAMPUS_SANDBOX_PORT", String.valueOf(TestNodes.freePort())),
             dir.resolve("campus.log"))) {
      assertEquals(1, campus.terminateAfterExit(Duration.ofSeconds(90)));
      assertTrue(campus.output().contains("campus: campus failed to start: 127.0.0.1:" + taken.getLocalPort()
          + " is already in use; choose another port with CAMPUS_HTTP_PORT"), campus.output());
      assertFalse(campus.output().contains("\tat "), "no stack trace:\n" + campus.output());
      assertFalse(Files.exists(dir.resolve("campus/postgres/postmaster.pid")), "embedded PostgreSQL stopped");
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "CAMPUS_UPSTREAM_TIMEOUT_MS     | 0       | upstream.timeout.ms (from environment) must be at least 1, not '0'",
      "CAMPUS_AUTH_HASH_WORKERS       | many    | auth.hash.workers (from environment) must be a whole number",
      "CAMPUS_MOBILE_HTTP_PORT        | 70000   | mobile.http.port (from environment) must be between 0 and 65535",
      "CAMPUS_CLUSTER                 | yes     | cluster (from environment) must be true or false, not 'yes'",
      "CAMPUS_PAYMENTS_PROCESSOR_URL  | ftp://x | payments.processor.url (from environment) must be an http or https",
      "CAMPUS_CONSUMER_ATTEMPTS       | 0       | consumer.attempts (from environment) must be at least 1, not '0'",
      "CAMPUS_DB_POOL_SIZE            | 0       | db.pool.size (from environment) must be at least 1, not '0'",
      "CAMPUS_SERVICE_WARMUP_ROUNDS   | -1      | service.warmup.rounds (from environment) must be at least 0, not '-1'",
      "CAMPUS_PAYMENTS_PROCESSOR_URL  | u:s3cret@processor | payments.processor.url (from environment) must be an http"})
  @DisplayName("a setting the process cannot use ends the start before anything starts, with one line naming it")
  void invalidSetting(String variable, String value, String message, @TempDir Path dir) {
    try (ChildJvm campus = ChildJvm.start(JAR, List.of(), List.of(), Map.of(
        "CAMPUS_DATA_DIR", dir.toString(), variable, value), dir.resolve("campus.log"))) {
      assertEquals(2, campus.terminateAfterExit(Duration.ofSeconds(30)), campus.output());
      String last = campus.output().strip().lines().reduce((a, b) -> b).orElse("");
      assertTrue(last.startsWith("campus: configuration " + message), campus.output());
      assertFalse(campus.output().contains("\tat "), "no stack trace:\n" + campus.output());
      assertFalse(campus.output().contains("s3cret"), "no password:\n" + campus.output());
      assertFalse(Files.exists(dir.resolve("campus")), "nothing started, not even PostgreSQL");
    }
  }

  @Test
  @DisplayName("an unknown command-line option is refused with exit status 2")
  void unknownOption(@TempDir Path dir) {
    try (ChildJvm campus = ChildJvm.start(JAR, List.of(), List.of("--bogus"), Map.of(), dir.resolve("campus.log"))) {
      assertEquals(2, campus.terminateAfterExit(Duration.ofSeconds(30)));
      assertTrue(campus.output().contains("unknown option '--bogus'"), campus.output());
    }
  }

  @Test
  @DisplayName("its embedded PostgreSQL killed, campus.jar exits (70) at once for a supervisor to restart it")
  void exitsWhenItsDatabaseDies(@TempDir Path dir) throws Exception {
    try (ChildJvm campus = startCampus(dir, TestNodes.freePort(), TestNodes.freePort())) {
      campus.awaitOutput("campus ready in", Duration.ofSeconds(90));
      long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("campus/postgres/postmaster.pid")).get(0).trim());
      ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
      assertEquals(70, campus.terminateAfterExit(Duration.ofSeconds(15)), campus.output());
      assertTrue(campus.output().contains("its embedded PostgreSQL died"), campus.output());
    } finally {
      LeftoverPostgres.stop(dir.resolve("campus/postgres"));
    }
  }

  /** campus.jar on loopback ports of its own, with its data under {@code dir}. */
  private static ChildJvm startCampus(Path dir, int http, int management) {
    return ChildJvm.start(JAR, List.of(), List.of(), Map.of(
        "CAMPUS_DATA_DIR", dir.toString(),
        "CAMPUS_HTTP_HOST", "127.0.0.1", "CAMPUS_HTTP_PORT", String.valueOf(http),
        "CAMPUS_MOBILE_HTTP_PORT", String.valueOf(TestNodes.freePort()),
        "CAMPUS_MANAGEMENT_HOST", "127.0.0.1", "CAMPUS_MANAGEMENT_PORT", String.valueOf(management),
        "CAMPUS_SANDBOX_PORT", String.valueOf(TestNodes.freePort())),
        dir.resolve("campus.log"));
  }

  private static HttpResponse<String> post(int port, String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
