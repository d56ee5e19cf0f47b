package io.campus.launcher;

import io.campus.bff.web.WebBffVerticle;
import io.campus.courses.CoursesVerticle;
import io.campus.platform.db.LeftoverPostgres;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestHttp;
import io.campus.platform.testing.ChildJvm;
import io.campus.platform.testing.TestCluster;
import io.campus.platform.testing.TestNodes;
import io.campus.sandbox.SandboxVerticle;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * payments.jar in a JVM of its own on a configured PostgreSQL server (not its embedded one), behind the web BFF of
 * this test's JVM, while the server is stopped and started again under a steady flow of requests: every answer
 * meanwhile is a 503 with {@code Retry-After} (never a 500 or a hang), readiness is DOWN, and once the server is
 * back the same JVM is ready again and takes purchases, its pool reconnected by itself.
 */
class DatabaseOutageIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Path JAR = Path.of("..", "verticles", "payments", "target", "payments.jar");

  @TempDir
  static Path dir;
  private static int databasePort;
  private static EmbeddedPostgres database;
  private static CampusNode member;
  private static ChildJvm payments;
  private static String base;
  private static String readiness;

  @BeforeAll
  static void start() throws Exception {
    databasePort = TestNodes.freePort();
    database = startDatabase();
    TestCluster cluster = TestCluster.create(dir, "campus-it-db-outage", 6041, 2);
    int sandboxPort = TestNodes.freePort();
    member = TestNodes.start(TestNodes.config(dir.resolve("member"), Map.of("node.name", "it-member")),
        cluster.newManager());
    join(member.deploy(() -> new SandboxVerticle("127.0.0.1", sandboxPort), 1));
    join(member.deploy(() -> new CoursesVerticle(member), 1));
    join(member.deploy(() -> new UsersVerticle(member), 1));
    join(member.deploy(() -> new WebBffVerticle(member), 1));
    base = "http://127.0.0.1:" + member.config().getInt("http.port", 0);
    int management = TestNodes.freePort();
    readiness = "http://127.0.0.1:" + management + "/health/ready";
    payments = ChildJvm.startService(JAR, "payments", cluster, dir.resolve("payments"), Map.of(
        "CAMPUS_DB_URL", "postgresql://postgres:postgres@127.0.0.1:" + databasePort,
        "CAMPUS_MANAGEMENT_PORT", String.valueOf(management),
        "CAMPUS_PAYMENTS_PROCESSOR_URL", "http://127.0.0.1:" + sandboxPort,
        "CAMPUS_CONSUMER_CATCH_UP_MS", "500"), List.of(), dir.resolve("payments.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (payments != null) {
      payments.close();
      // Kept for whoever reads a failure: the test's own directory goes.
      java.nio.file.Files.copy(dir.resolve("payments.log"), Path.of("target", "database-outage-payments.log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    TestNodes.close(member);
    if (database != null) {
      database.close();
    }
    LeftoverPostgres.stop(dir.resolve("server"));
  }

  @Test
  @DisplayName("the configured server stopped under load: 503 with Retry-After and readiness DOWN, then ready and 202")
  void stoppedAndStarted() throws Exception {
    String token = signIn();
    String bought = awaitCompleted(token, buy(token, courseId("java-from-zero"), "before"));

    // Steady reads of a purchase payments must look up, from before the outage to after it.
    List<Answer> answers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = new Thread(() -> {
      while (reading.get()) {
        answers.add(Answer.of(() -> get("/api/purchases/" + bought, token)));
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // a client's pace
      }
    }, "reader");
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> answers.size() >= 5);
      database.close();
      database = null;
      long stopped = System.nanoTime();

      await().atMost(Duration.ofSeconds(15)).until(() -> status(readiness) == 503
          && get("/api/purchases/" + bought, token).statusCode() == 503);
      long down = System.nanoTime();
      String during = courseId("postgresql-essentials");
      HttpResponse<String> refused = buy(token, during, "during");
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("UNAVAILABLE", new JsonObject(refused.body()).getString("code"));
      assertTrue(refused.headers().firstValueAsLong("Retry-After").orElse(0) >= 1, refused.headers().toString());
      String checks = HTTP.send(HttpRequest.newBuilder(URI.create(readiness)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(checks.contains("payments.db"), checks);

      database = startDatabase();
      long started = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).until(() -> status(readiness) == 200);
      System.out.printf("database stopped: readiness DOWN and 503 after %d ms; started: ready after %d ms%n",
          (down - stopped) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
      // Nothing of the refused request was kept: the same key is a new purchase, accepted and completed.
      awaitCompleted(token, buy(token, during, "during"));
      assertTrue(payments.isAlive(), "healed without a restart");
    } finally {
      reading.set(false);
      reader.join(10_000);
    }

    List<Answer> seen = List.copyOf(answers);
    assertTrue(seen.stream().anyMatch(a -> a.status() == 503), "the reads saw the outage");
    for (Answer answer : seen) {
      assertTrue(answer.status() == 200 || answer.status() == 503 && answer.retryAfter() >= 1, answer.toString());
    }
    assertEquals(200, seen.get(seen.size() - 1).status(), "served again at the end");
  }

  /** What a client saw: the status ({@code -1}: no answer within 5 s) and {@code Retry-After}. */
  private record Answer(int status, long retryAfter, String body) {

    static Answer of(java.util.concurrent.Callable<HttpResponse<String>> request) {
      try {
        HttpResponse<String> response = request.call();
        return new Answer(response.statusCode(), response.headers().firstValueAsLong("Retry-After").orElse(0),
            response.body());
      } catch (Exception e) {
        return new Answer(-1, 0, e.toString());
      }
    }
  }

  /** The "configured server": a PostgreSQL of the test's own on a fixed port, stopped and started on its data. */
  private static EmbeddedPostgres startDatabase() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("server"))
        .setCleanDataDirectory(false)
        .setPort(databasePort)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .start();
  }

  private static String awaitCompleted(String token, HttpResponse<String> accepted) {
    assertEquals(202, accepted.statusCode(), accepted.body());
    String purchase = new JsonObject(accepted.body()).getString("purchaseId");
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      HttpResponse<String> answer = get("/api/purchases/" + purchase, token);
      return answer.statusCode() == 200 && "COMPLETED".equals(new JsonObject(answer.body()).getString("status"));
    });
    return purchase;
  }

  private static int status(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String courseId(String slug) {
    return web().courseId(slug);
  }

  private static String signIn() {
    return web().signIn("outage");
  }

  private static HttpResponse<String> buy(String token, String course, String key) {
    return web().buy(token, course, key);
  }

  private static HttpResponse<String> get(String path, String token) {
    return web().get(path, token);
  }

  private static TestHttp web() {
    return new TestHttp(base, Duration.ofSeconds(5));
  }
}
