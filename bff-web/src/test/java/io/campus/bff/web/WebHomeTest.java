package io.campus.bff.web;

import io.campus.contracts.users.EnrollmentGrant;
import io.campus.contracts.users.UsersApi;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.campus.platform.testing.TestCallers;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web home and course page: parallel sections that degrade one by one instead of failing. */
class WebHomeTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static String base;
  private static String usersDeployment;
  private static String historyDeployment;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of()));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    usersDeployment = join(node.deploy(() -> new UsersVerticle(node), 1));
    historyDeployment = join(node.deploy(() -> new HistoryVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    base = "http://127.0.0.1:" + node.config().getInt("http.port", 0);
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("anonymous: the featured catalog only; signed in: profile and latest purchases too, nothing degraded")
  void sections() throws Exception {
    JsonObject anonymous = home(null);
    assertEquals(8, anonymous.getJsonObject("catalog").getJsonArray("items").size());
    assertNull(anonymous.getValue("profile"));
    assertEquals(new JsonArray(), anonymous.getJsonArray("degraded"));

    String token = signIn();
    JsonObject signedIn = home(token);
    assertTrue(signedIn.getJsonObject("profile").getString("email").endsWith("@example.org"));
    assertEquals(0, signedIn.getJsonObject("purchases").getInteger("total"));
    assertEquals(new JsonArray(), signedIn.getJsonArray("degraded"));
  }

  @Test
  @DisplayName("with purchase-history down: 200 within 1 s, purchases null and named in degraded; heals after")
  void historyDown() throws Exception {
    String token = signIn();
    join(node.undeploy(historyDeployment));
    try {
      JsonObject home = home(token); // the client's 1 s timeout is the bound
      assertNull(home.getValue("purchases"));
      assertEquals(new JsonArray().add("purchase-history"), home.getJsonArray("degraded"));
      assertTrue(home.getJsonObject("profile") != null && home.getJsonObject("catalog") != null);
    } finally {
      historyDeployment = join(node.deploy(() -> new HistoryVerticle(node), 1));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> home(token).getJsonArray("degraded").isEmpty());
  }

  @Test
  @DisplayName("the course page says whether the signed-in user owns it; with users down, owned is null and degraded")
  void owned() throws Exception {
    String token = signIn();
    UUID user = UUID.fromString(home(token).getJsonObject("profile").getString("id"));
    JsonObject course = page("/api/courses/secure-coding", token);
    join(new BusClient(node.vertx()).request(UsersApi.GRANT_ENROLLMENT,
        new EnrollmentGrant(user, UUID.fromString(course.getString("id"))), 5_000, TestCallers.ADMIN));
    assertEquals(true, page("/api/courses/secure-coding", token).getBoolean("owned"));
    assertEquals(false, page("/api/courses/java-from-zero", token).getBoolean("owned"));
    assertTrue(!page("/api/courses/java-from-zero", null).containsKey("owned"), "anonymous: no ownership");

    join(node.undeploy(usersDeployment));
    try {
      JsonObject degraded = page("/api/courses/secure-coding", token);
      assertNull(degraded.getValue("owned"));
      assertEquals(new JsonArray().add("users"), degraded.getJsonArray("degraded"));
      assertEquals("users", home(token).getJsonArray("degraded").getString(0));
    } finally {
      usersDeployment = join(node.deploy(() -> new UsersVerticle(node), 1));
    }
  }

  private static JsonObject home(String token) throws Exception {
    return page("/api/home", token);
  }

  private static JsonObject page(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(1));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }

  private static String signIn() throws Exception {
    JsonObject account = new JsonObject().put("email", "home-" + UUID.randomUUID() + "@example.org")
        .put("password", "correct horse battery").put("name", "Home");
    HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/register"))
        .POST(HttpRequest.BodyPublishers.ofString(account.encode())).build(), HttpResponse.BodyHandlers.ofString());
    account.remove("name");
    return new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
        .POST(HttpRequest.BodyPublishers.ofString(account.encode())).build(), HttpResponse.BodyHandlers.ofString())
        .body()).getString("accessToken");
  }
}
