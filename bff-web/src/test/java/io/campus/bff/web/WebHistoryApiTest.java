package io.campus.bff.web;

import io.campus.contracts.Money;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.history.HistoryVerticle;
import io.campus.platform.db.Outbox;
import io.campus.platform.events.EventStream;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
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
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The purchase history through the web BFF, fed by payments events this test produces. */
class WebHistoryApiTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static Pool payments;
  private static String historyDeployment;
  private static String base;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of("consumer.catch.up.ms", "300")));
    payments = join(node.databases().open(PaymentsApi.SERVICE));
    join(EventStream.start(node, PaymentsApi.SERVICE, payments));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    historyDeployment = join(node.deploy(() -> new HistoryVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    base = "http://127.0.0.1:" + node.config().getInt("http.port", 0);
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("a signed-in user sees their purchases and each one; not someone else's; 401 without a token")
  void history() throws Exception {
    String ann = signIn("ann");
    String bob = signIn("bob");
    UUID annsPurchase = UUID.randomUUID();
    UUID bobsPurchase = UUID.randomUUID();
    buy(annsPurchase, userId(ann));
    buy(bobsPurchase, userId(bob));
    await().atMost(Duration.ofSeconds(10)).until(() -> new JsonObject(get("/api/me/purchases", ann).body())
        .getLong("total") == 1);

    JsonObject page = new JsonObject(get("/api/me/purchases", ann).body());
    assertEquals(annsPurchase.toString(), page.getJsonArray("items").getJsonObject(0).getString("purchaseId"));
    assertEquals("PENDING", new JsonObject(get("/api/me/purchases/" + annsPurchase, ann).body()).getString("status"));
    assertEquals(404, get("/api/me/purchases/" + bobsPurchase, ann).statusCode());
    assertEquals(400, get("/api/me/purchases/not-an-id", ann).statusCode());
    assertEquals(400, get("/api/me/purchases?size=1000", ann).statusCode());
    assertEquals(401, get("/api/me/purchases", null).statusCode());
  }

  @Test
  @DisplayName("with the history service down the route answers 503 within 1 s")
  void historyDown() throws Exception {
    String token = signIn("down");
    join(node.undeploy(historyDeployment));
    try {
      HttpResponse<String> down = get("/api/me/purchases", token);
      assertEquals(503, down.statusCode(), down.body());
      assertEquals("UNAVAILABLE", new JsonObject(down.body()).getString("code"));
    } finally {
      historyDeployment = join(node.deploy(() -> new HistoryVerticle(node), 1));
    }
  }

  private static void buy(UUID purchase, UUID user) {
    join(payments.withTransaction(tx -> Outbox.append(tx, PaymentsApi.SERVICE, PaymentsApi.PURCHASE_STARTED,
        new PurchaseStarted(purchase, user, UUID.randomUUID(), "some-course", "Some course", new Money(100, "EUR"),
            Instant.now()), null)));
  }

  private static String signIn(String name) throws Exception {
    String email = name + "-" + UUID.randomUUID() + "@example.org";
    JsonObject account = new JsonObject().put("email", email).put("password", "correct horse battery").put("name", name);
    assertEquals(201, post("/api/auth/register", account).statusCode());
    account.remove("name");
    return new JsonObject(post("/api/auth/login", account).body()).getString("accessToken");
  }

  private static UUID userId(String token) throws Exception {
    return UUID.fromString(new JsonObject(get("/api/me", token).body()).getString("id"));
  }

  private static HttpResponse<String> post(String path, JsonObject body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(1));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
