package io.campus.bff.web;

import io.campus.courses.CoursesVerticle;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestHttp;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web BFF's catalog routes over real HTTP, with the real courses service and its database. */
class WebCatalogApiTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static String coursesDeployment;
  private static String base;
  private static final long TTL_MS = 2_000;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of("catalog.cache.ttl.ms", String.valueOf(TTL_MS))));
    coursesDeployment = join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    base = "http://127.0.0.1:" + node.config().getInt("http.port", 0);
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("GET /api/courses lists the published catalog, 20 a page by default")
  void listsCatalog() throws Exception {
    HttpResponse<String> response = get("/api/courses");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    JsonObject page = new JsonObject(response.body());
    assertTrue(page.getLong("total") >= 12);
    assertEquals(1, page.getInteger("page"));
    assertEquals(20, page.getInteger("size"));
    JsonObject first = page.getJsonArray("items").getJsonObject(0);
    assertTrue(first.containsKey("slug") && first.getJsonObject("price").containsKey("currency"), first.encode());
  }

  @Test
  @DisplayName("search, tag and paging parameters reach the catalog")
  void searchTagPage() throws Exception {
    JsonArray found = new JsonObject(get("/api/courses?q=postgresql%20indexes").body()).getJsonArray("items");
    assertEquals("postgresql-essentials", found.getJsonObject(0).getString("slug"));

    JsonObject secondPage = new JsonObject(get("/api/courses?tag=java&page=2&size=2").body());
    assertEquals(3, secondPage.getLong("total"));
    assertEquals(1, secondPage.getJsonArray("items").size());
  }

  @Test
  @DisplayName("GET /api/courses/{slug} answers the course, or 404 problem+json for an unknown slug")
  void bySlug() throws Exception {
    assertEquals("java-from-zero", new JsonObject(get("/api/courses/java-from-zero").body()).getString("slug"));
    HttpResponse<String> missing = get("/api/courses/no-such-course");
    assertProblem(missing, 404, "NOT_FOUND");
  }

  @ParameterizedTest(name = "{0} is refused naming {1}")
  @CsvSource({"page=-1, page", "size=100000, size", "size=abc, size", "page=1.5, page", "size=0, size"})
  @DisplayName("bad paging parameters are a 400 problem naming the parameter")
  void badParameters(String query, String parameter) throws Exception {
    JsonObject problem = assertProblem(get("/api/courses?" + query), 400, "VALIDATION");
    assertEquals(parameter, problem.getJsonArray("errors").getJsonObject(0).getString("name"));
  }

  @Test
  @DisplayName("an unknown route and a wrong method get problem+json too")
  void unknownRoutes() throws Exception {
    assertProblem(get("/api/nothing-here"), 404, "NOT_FOUND");
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/courses"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertProblem(post, 405, "VALIDATION");
  }

  @Test
  @DisplayName("the API is its OpenAPI document: served at /openapi.yaml, with a docs page, and requests outside it refused")
  void contract() throws Exception {
    HttpResponse<String> document = get("/openapi.yaml");
    assertEquals(200, document.statusCode());
    assertTrue(document.body().startsWith("openapi: 3.1.0"), document.body());
    assertTrue(document.body().contains("url: /api\n"), "the server URL is relative: " + document.body());
    // A forged Host header is not reflected into the document (no cache poisoning, no links to elsewhere).
    URI address = URI.create(base);
    try (Socket socket = new Socket(address.getHost(), address.getPort())) {
      socket.getOutputStream().write("GET /openapi.yaml HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      assertFalse(answer.contains("evil.example"), answer);
    }
    HttpResponse<String> docs = get("/docs");
    assertEquals(200, docs.statusCode());
    assertTrue(docs.body().contains("/openapi.yaml"), docs.body());
    assertEquals(200, get("/docs/swagger-ui-bundle.js").statusCode());

    // Not JSON: 415, before any handler runs; JSON of the wrong shape: 400 naming the field.
    HttpResponse<String> text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("a@b.c secret")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertProblem(text, 415, "VALIDATION");
    HttpResponse<String> wrongShape = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":[],\"password\":\"x\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("email", assertProblem(wrongShape, 400, "VALIDATION").getJsonArray("errors").getJsonObject(0)
        .getString("name"));
  }

  @Test
  @DisplayName("with courses down a query seen before is still answered past the cache's TTL; what was never "
      + "asked answers 503 problem+json within 1 s; it heals when courses is back")
  void coursesDown() throws Exception {
    String neverAsked = "/api/courses?q=" + java.util.UUID.randomUUID();
    String seen = "/api/courses?q=vertx&size=3";
    String before = get(seen).body();
    join(node.undeploy(coursesDeployment));
    try {
      // The client's 1 s timeout fails the test if the BFF waits instead of answering.
      assertProblem(get(neverAsked), 503, "UNAVAILABLE");
      assertProblem(get("/api/courses/never-" + java.util.UUID.randomUUID()), 503, "UNAVAILABLE");
      long down = System.currentTimeMillis();
      await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() - down > 2 * TTL_MS);
      HttpResponse<String> stale = get(seen);
      assertEquals(200, stale.statusCode(), stale.body());
      assertEquals(before, stale.body(), "the last good answer");
    } finally {
      coursesDeployment = join(node.deploy(() -> new CoursesVerticle(node), 1));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> get(neverAsked).statusCode() == 200);
  }

  @Test
  @DisplayName("the catalog is cached, and a published change shows within 1 s")
  void cacheFollowsEvents() throws Exception {
    JsonObject before = new JsonObject(get("/api/courses/algorithms-interviews").body());
    io.campus.contracts.courses.Course course = join(new io.campus.platform.bus.BusClient(node.vertx()).request(
        io.campus.contracts.courses.CoursesApi.GET, new io.campus.contracts.courses.FindCourse("algorithms-interviews"),
        5_000));
    join(new io.campus.platform.bus.BusClient(node.vertx()).request(io.campus.contracts.courses.CoursesApi.UPDATE,
        new io.campus.contracts.courses.UpdateCourse(course.id(), new io.campus.contracts.courses.CourseDraft(
            course.slug(), "Algorithms, renamed", course.summary(), course.author(), course.price(), course.level(),
            course.tags())), 5_000, io.campus.platform.testing.TestCallers.ADMIN));
    assertEquals("Algorithms for Working Programmers", before.getString("title"));
    await().atMost(Duration.ofSeconds(1)).until(() ->
        "Algorithms, renamed".equals(new JsonObject(get("/api/courses/algorithms-interviews").body()).getString("title")));
  }

  @Test
  @DisplayName("without the users service no token is checked: signed-in routes answer 503 and the BFF is not ready")
  void noTokenKeys() throws Exception {
    String unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
    HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/me"))
        .header("Authorization", "Bearer " + unsigned).timeout(Duration.ofSeconds(1)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertProblem(me, 503, "UNAVAILABLE");

    HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + node.config().getInt("management.port", 0) + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(503, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"id\":\"bff-web.token-keys\",\"status\":\"DOWN\""), ready.body());

    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + node.config().getInt("management.port", 0) + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.contains("campus_upstream_circuit{caller=\"bff-web\",service=\"courses\"}"),
        "circuit states on /metrics");
  }

  @Test
  @DisplayName("a NUL in a slug, however the path is spelled, is a 4xx; many of them leave the catalog served")
  void strangeBytesInPaths() throws Exception {
    // From a healthy catalog (another test stops courses for a while).
    await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/courses/web-accessibility").statusCode() == 200);
    for (String path : List.of("/api/courses/a%00b", "/api//courses/a%00b", "/api/./courses/a%00b")) {
      for (int i = 0; i < 3; i++) {
        int status = get(path).statusCode();
        assertTrue(status == 400 || status == 404, path + ": " + status);
      }
    }
    assertEquals(200, get("/api/courses/web-accessibility").statusCode(), "the courses circuit stayed closed");
    assertEquals(new JsonArray(), new JsonObject(get("/api/home").body()).getJsonArray("degraded"));
  }

  private static HttpResponse<String> get(String path) {
    return TestHttp.at(node.config().getInt("http.port", 0)).within(Duration.ofSeconds(1)).get(path);
  }

  private static JsonObject assertProblem(HttpResponse<String> response, int status, String code) {
    return TestHttp.problem(response, status, code);
  }
}
