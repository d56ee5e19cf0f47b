package io.campus.bff.web;

import io.campus.contracts.Money;
import io.campus.contracts.events.EventType;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.platform.db.Outbox;
import io.campus.platform.events.EventStream;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.campus.users.UsersVerticle;
import io.vertx.core.http.WebSocket;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live purchase updates over the SockJS bridge, and the bridge's refusals. */
class WebLiveUpdatesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static Pool payments;
  private static int port;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of()));
    payments = join(node.databases().open(PaymentsApi.SERVICE));
    join(EventStream.start(node, PaymentsApi.SERVICE, payments));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    port = node.config().getInt("http.port", 0);
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("a user sees their purchase move live; another user's address and any send are refused")
  void live() throws Exception {
    String[] ann = signIn();
    String[] bob = signIn();
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    WebSocket socket = join(node.vertx().createWebSocketClient().connect(port, "127.0.0.1", "/eventbus/websocket"));
    socket.handler(data -> frames.add(new JsonObject(data))); // the raw transport sends binary frames

    socket.writeTextMessage(register("campus.user." + ann[1], ann[0]).encode());
    socket.writeTextMessage(register("campus.user." + bob[1], ann[0]).encode()); // Ann's token, Bob's address
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", PaymentsApi.START.address())
        .put("body", new JsonObject()).put("replyAddress", "r1").encode());
    // Both refused by the bridge ("rejected" by our check; "access_denied" would be the options' own refusal).
    await().atMost(Duration.ofSeconds(5)).until(() -> frames.stream()
        .filter(f -> "err".equals(f.getString("type")) && "rejected".equals(f.getString("body"))).count() == 2);

    UUID purchase = UUID.randomUUID();
    UUID annId = UUID.fromString(ann[1]);
    // The registration is checked asynchronously: events before it is in place may not arrive, so wait for one.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(purchase, annId, UUID.randomUUID(), "c", "C",
          new Money(100, "EUR"), Instant.now()));
      return received(frames, "PENDING");
    });
    emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(UUID.randomUUID(), UUID.fromString(bob[1]),
        UUID.randomUUID(), "c", "C", new Money(100, "EUR"), Instant.now()));
    emit(PaymentsApi.PAYMENT_SUCCEEDED, new PurchaseProgress(purchase, annId, null, null, Instant.now()));
    await().atMost(Duration.ofSeconds(5)).until(() -> received(frames, "PAID"));

    assertTrue(frames.stream().filter(f -> "rec".equals(f.getString("type")))
        .allMatch(f -> f.getString("address").equals("campus.user." + ann[1])), "only Ann's own updates: " + frames);
    assertEquals(purchase.toString(), frames.stream().filter(f -> "rec".equals(f.getString("type")))
        .reduce((a, b) -> b).orElseThrow().getJsonObject("body").getString("purchaseId"));
    join(socket.close());
  }

  private static boolean received(List<JsonObject> frames, String status) {
    return frames.stream().anyMatch(f -> "rec".equals(f.getString("type"))
        && status.equals(f.getJsonObject("body").getString("status")));
  }

  private static <P> void emit(EventType<P> type, P payload) {
    join(payments.withTransaction(tx -> Outbox.append(tx, PaymentsApi.SERVICE, type, payload, null)));
  }

  private static JsonObject register(String address, String token) {
    return new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject().put("Authorization", "Bearer " + token));
  }

  /** Answers the access token and the user id. */
  private static String[] signIn() throws Exception {
    String base = "http://127.0.0.1:" + port;
    JsonObject account = new JsonObject().put("email", "live-" + UUID.randomUUID() + "@example.org")
        .put("password", "correct horse battery").put("name", "Live");
    String id = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/register"))
        .POST(HttpRequest.BodyPublishers.ofString(account.encode())).build(), HttpResponse.BodyHandlers.ofString())
        .body()).getString("id");
    account.remove("name");
    String token = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
        .POST(HttpRequest.BodyPublishers.ofString(account.encode())).build(), HttpResponse.BodyHandlers.ofString())
        .body()).getString("accessToken");
    return new String[] {token, id};
  }
}
