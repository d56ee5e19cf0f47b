package io.campus.bff.mobile;

import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestHttp;
import io.campus.platform.testing.TestNodes;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mobile API over HTTP with the real services: small payloads, cursors, ETags, degradation. */
class MobileApiTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static String base;
  private static String historyDeployment;

  @BeforeAll
  static void start() {
    int port = TestNodes.freePort();
    node = TestNodes.start(TestNodes.config(dataDir, Map.of("mobile.http.port", String.valueOf(port))));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    historyDeployment = join(node.deploy(() -> new HistoryVerticle(node), 1));
    join(node.deploy(() -> new MobileBffVerticle(node), 1));
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("the feed lists courses with only what a row shows, and an unchanged feed is a 304 with its ETag")
  void feedAndEtag() throws Exception {
    HttpResponse<String> feed = get("/api/feed", null, null);
    assertEquals(200, feed.statusCode(), feed.body());
    JsonObject body = new JsonObject(feed.body());
    JsonObject first = body.getJsonArray("courses").getJsonObject(0);
    assertEquals(Set.of("id", "slug", "title", "price", "image"), first.fieldNames());
    assertTrue(first.getString("image").endsWith("/small.webp"));
    assertNull(body.getValue("purchases"));

    String etag = feed.headers().firstValue("etag").orElseThrow();
    HttpResponse<String> again = get("/api/feed", null, etag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
  }

  @Test
  @DisplayName("the mobile API is validated against its own OpenAPI document, served at /openapi.yaml with /docs")
  void contract() throws Exception {
    HttpResponse<String> document = get("/openapi.yaml", null, null);
    assertEquals(200, document.statusCode());
    assertTrue(document.body().startsWith("openapi: 3.1.0") && document.body().contains("operationId: getFeed"));
    assertEquals(200, get("/docs", null, null).statusCode());
    HttpResponse<String> tooMany = get("/api/courses?limit=51", null, null);
    assertEquals(400, tooMany.statusCode(), tooMany.body());
    assertEquals("limit", new JsonObject(tooMany.body()).getJsonArray("errors").getJsonObject(0).getString("name"));
  }

  @Test
  @DisplayName("cursor pages walk the whole catalog once, and a forged cursor is a 400 naming it")
  void cursors() throws Exception {
    List<String> slugs = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = new JsonObject(get("/api/courses?limit=5" + (cursor == null ? "" : "&cursor=" + cursor), null,
          null).body());
      page.getJsonArray("items").forEach(i -> slugs.add(((JsonObject) i).getString("slug")));
      cursor = page.getString("next");
    } while (cursor != null);
    assertTrue(slugs.size() >= 12);
    assertEquals(slugs.size(), new HashSet<>(slugs).size(), "no course twice");

    HttpResponse<String> forged = get("/api/courses?cursor=not-ours", null, null);
    assertEquals(400, forged.statusCode());
    assertEquals("cursor", new JsonObject(forged.body()).getJsonArray("errors").getJsonObject(0).getString("name"));
    assertEquals(400, get("/api/courses?limit=0", null, null).statusCode());
  }

  @Test
  @DisplayName("a crafted cursor out of the web API's page bounds, with a bad size or not numbers, is a 400 naming it")
  void craftedCursors() throws Exception {
    String token = signIn();
    List<String> crafted = List.of("v1:10001:20", "v1:2147483647:50", "v1:99999999999999999999:20", "v1:-1:20",
        "v1:0:20", "v1:1:0", "v1:1:-5", "v1:1:51", "v1:1:2147483648", "v1:x:20", "v1:1:y", "v1:+2:20", "v1:1",
        "v1:1:20:9", "v2:1:20", "v1::");
    for (String decoded : crafted) {
      String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(decoded.getBytes(StandardCharsets.US_ASCII));
      for (String path : List.of("/api/courses?cursor=", "/api/me/purchases?cursor=")) {
        HttpResponse<String> answer = get(path + cursor, token, null);
        assertEquals(400, answer.statusCode(), decoded + " on " + path + ": " + answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(null));
        assertEquals("cursor", new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0).getString("name"),
            decoded);
      }
    }
    assertEquals(200, get("/api/courses?cursor=" + new Cursor(Cursor.MAX_PAGE, MobileRoutes.MAX_LIMIT).text(), null, null).statusCode());
  }

  @Test
  @DisplayName("signed in, the feed adds the latest purchases; with the history down it degrades instead of failing")
  void signedInAndDegraded() throws Exception {
    String token = signIn();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/feed"))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(1));
    JsonObject feed = new JsonObject(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    assertEquals(new JsonArray(), feed.getJsonArray("purchases"));

    join(node.undeploy(historyDeployment));
    try {
      HttpResponse<String> degraded = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, degraded.statusCode());
      JsonObject body = new JsonObject(degraded.body());
      assertNull(body.getValue("purchases"));
      assertEquals(new JsonArray().add("purchase-history"), body.getJsonArray("degraded"));
    } finally {
      historyDeployment = join(node.deploy(() -> new HistoryVerticle(node), 1));
    }
  }

  @Test
  @DisplayName("sign up and in on the mobile API; /api/me and /api/me/purchases are compact, 401 without a token")
  void account() throws Exception {
    String token = signIn();
    JsonObject me = new JsonObject(get("/api/me", token, null).body());
    assertEquals(Set.of("id", "name", "email", "courses"), me.fieldNames());
    JsonObject purchases = new JsonObject(get("/api/me/purchases", token, null).body());
    assertEquals(new JsonArray(), purchases.getJsonArray("items"));
    assertNull(purchases.getValue("next"));
    assertEquals(401, get("/api/me", null, null).statusCode());
  }

  /** Registers and logs in through the mobile API itself. */
  private static String signIn() {
    return new TestHttp(base, Duration.ofSeconds(5)).signIn("mobile");
  }

  private static HttpResponse<String> post(String path, JsonObject body) {
    return new TestHttp(base, Duration.ofSeconds(5)).post(path, body);
  }

  private static HttpResponse<String> get(String path, String token, String ifNoneMatch) {
    TestHttp http = new TestHttp(base, Duration.ofSeconds(2));
    return ifNoneMatch == null ? http.get(path, token) : http.send("GET", path, null, token, "If-None-Match",
        ifNoneMatch);
  }
}
