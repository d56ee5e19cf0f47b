package io.campus.bff.web;

import io.campus.contracts.Money;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.platform.testing.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The purchase history through the web BFF, fed by payments events this test produces. */
@ExtendWith(WebServices.class)
class WebHistoryApiTest {

  private static WebServices services;
  private static TestHttp http;

  @BeforeAll
  static void start(WebServices shared) {
    services = shared;
    http = shared.http().within(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("a signed-in user sees their purchases and each one; not someone else's; 401 without a token")
  void history() {
    TestHttp.Account ann = services.http().account("Ann");
    TestHttp.Account bob = services.http().account("Bob");
    UUID annsPurchase = UUID.randomUUID();
    UUID bobsPurchase = UUID.randomUUID();
    buy(annsPurchase, ann.id());
    buy(bobsPurchase, bob.id());
    await().atMost(Duration.ofSeconds(10)).until(() -> http.json("/api/me/purchases", ann.token())
        .getLong("total") == 1);

    JsonObject page = http.json("/api/me/purchases", ann.token());
    assertEquals(annsPurchase.toString(), page.getJsonArray("items").getJsonObject(0).getString("purchaseId"));
    assertEquals("PENDING", http.json("/api/me/purchases/" + annsPurchase, ann.token()).getString("status"));
    assertEquals(404, http.get("/api/me/purchases/" + bobsPurchase, ann.token()).statusCode());
    assertEquals(400, http.get("/api/me/purchases/not-an-id", ann.token()).statusCode());
    assertEquals(400, http.get("/api/me/purchases?size=1000", ann.token()).statusCode());
    assertEquals(401, http.get("/api/me/purchases", null).statusCode());
  }

  @Test
  @DisplayName("with the history service down the route answers 503 within 1 s")
  void historyDown() {
    String token = services.http().signIn("down");
    services.undeploy(HistoryApi.SERVICE);
    try {
      TestHttp.problem(http.get("/api/me/purchases", token), 503, "UNAVAILABLE");
    } finally {
      services.redeploy(HistoryApi.SERVICE);
      // Also when the check above failed: the next tests share this BFF.
      await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/me/purchases", token).statusCode() == 200);
    }
  }

  @Test
  @DisplayName("an admin sees where the view stands and rebuilds it from the streams: the same purchases after; "
      + "401 without a token, 403 for a student")
  void adminRebuild() {
    TestHttp.Account ann = services.http().account("Rebuilt");
    buy(UUID.randomUUID(), ann.id());
    buy(UUID.randomUUID(), ann.id());
    await().atMost(Duration.ofSeconds(10)).until(() -> http.json("/api/me/purchases", ann.token())
        .getLong("total") == 2);
    JsonObject before = http.json("/api/me/purchases", ann.token());
    String admin = new JsonObject(services.http().post("/api/auth/login", new JsonObject()
        .put("email", WebServices.ADMIN_EMAIL).put("password", WebServices.ADMIN_PASSWORD)).body())
        .getString("accessToken");
    for (String route : new String[] {"/api/admin/history", "/api/admin/history/rebuild"}) {
      String method = route.endsWith("rebuild") ? "POST" : "GET";
      TestHttp.problem(http.send(method, route, null, null), 401, "UNAUTHORIZED");
      TestHttp.problem(http.send(method, route, null, ann.token()), 403, "FORBIDDEN");
    }

    HttpResponse<String> rebuilt = services.http().send("POST", "/api/admin/history/rebuild", null, admin);
    assertEquals(200, rebuilt.statusCode(), rebuilt.body());
    JsonObject status = new JsonObject(rebuilt.body());
    assertEquals(status.getJsonObject("heads"), status.getJsonObject("positions"), "the rebuild read every stream");
    assertFalse(status.getBoolean("rebuilding"));
    assertEquals(before, http.json("/api/me/purchases", ann.token()));
    assertEquals(status.getLong("deadLetters"), http.json("/api/admin/history", admin).getLong("deadLetters"));
  }

  private static void buy(UUID purchase, UUID user) {
    services.emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(purchase, user, UUID.randomUUID(), "some-course",
        "Some course", new Money(100, "EUR"), Instant.now()));
  }
}
