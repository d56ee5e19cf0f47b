package io.campus.bff.web;

import io.campus.contracts.Money;
import io.campus.contracts.events.EventType;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestHttp;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live purchase updates over the SockJS bridge, and the bridge's refusals. */
@ExtendWith(WebServices.class)
class WebLiveUpdatesTest {

  private static WebServices services;
  private static CampusNode node;
  private static int port;
  private static ForgedTokens forge;

  @BeforeAll
  static void start(WebServices shared) {
    services = shared;
    node = shared.node();
    port = node.config().getInt("http.port", 0);
    forge = shared.forge();
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

  @Test
  @DisplayName("a user's third socket is refused (2 at most); a socket refused 5 times is closed")
  void socketLimits() throws Exception {
    String[] ann = signIn();
    List<List<JsonObject>> frames = new ArrayList<>();
    List<WebSocket> sockets = new ArrayList<>();
    UUID annId = UUID.fromString(ann[1]);
    for (int i = 0; i < 3; i++) {
      List<JsonObject> seen = new CopyOnWriteArrayList<>();
      WebSocket socket = join(node.vertx().createWebSocketClient().connect(port, "127.0.0.1", "/eventbus/websocket"));
      socket.handler(data -> seen.add(new JsonObject(data)));
      frames.add(seen);
      sockets.add(socket);
      socket.writeTextMessage(register("campus.user." + ann[1], ann[0]).encode());
      // One at a time, so which one is over the cap is known: the first two receive, the third is refused.
      if (i < 2) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
          emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(UUID.randomUUID(), annId, UUID.randomUUID(), "c",
              "C", new Money(100, "EUR"), Instant.now()));
          return received(seen, "PENDING");
        });
      } else {
        await().atMost(Duration.ofSeconds(5)).until(() -> rejected(seen) == 1);
      }
    }
    assertEquals(0, rejected(frames.get(0)) + rejected(frames.get(1)), "the first two are Ann's: " + frames);

    // A socket that keeps asking for what it may not have is closed after its 5th refusal.
    WebSocket pest = sockets.get(2);
    AtomicBoolean closed = new AtomicBoolean();
    pest.closeHandler(v -> closed.set(true));
    for (int i = 0; i < 4; i++) {
      pest.writeTextMessage(new JsonObject().put("type", "publish").put("address", "campus.user." + ann[1])
          .put("body", new JsonObject()).encode());
    }
    await().atMost(Duration.ofSeconds(5)).until(closed::get);
    for (WebSocket socket : sockets.subList(0, 2)) {
      join(socket.close());
    }
  }

  @Test
  @DisplayName("one socket serves one user, once per address: a second user's and a repeated registration are refused")
  void oneUserPerSocket() throws Exception {
    String[] ann = signIn();
    String[] bob = signIn();
    List<JsonObject> seen = new CopyOnWriteArrayList<>();
    WebSocket socket = join(node.vertx().createWebSocketClient().connect(port, "127.0.0.1", "/eventbus/websocket"));
    socket.handler(data -> seen.add(new JsonObject(data)));
    socket.writeTextMessage(register("campus.user." + ann[1], ann[0]).encode());
    socket.writeTextMessage(register("campus.user." + bob[1], bob[0]).encode()); // Bob's own token and address
    await().atMost(Duration.ofSeconds(5)).until(() -> rejected(seen) == 1);
    socket.writeTextMessage(register("campus.user." + ann[1], ann[0]).encode()); // Ann's again
    await().atMost(Duration.ofSeconds(5)).until(() -> rejected(seen) == 2);
    join(socket.close());
  }

  @Test
  @DisplayName("a registration made with a token stops receiving once that token expires")
  void registrationEndsWithItsToken() throws Exception {
    String[] ann = signIn();
    UUID annId = UUID.fromString(ann[1]);
    long now = System.currentTimeMillis() / 1000;
    String shortLived = forge.signedWithRealKey(forge.claims(annId).put("iat", now).put("exp", now + 3));
    List<JsonObject> expiring = new CopyOnWriteArrayList<>();
    List<JsonObject> fresh = new CopyOnWriteArrayList<>();
    WebSocket first = join(node.vertx().createWebSocketClient().connect(port, "127.0.0.1", "/eventbus/websocket"));
    first.handler(data -> expiring.add(new JsonObject(data)));
    first.writeTextMessage(register("campus.user." + ann[1], shortLived).encode());
    WebSocket second = join(node.vertx().createWebSocketClient().connect(port, "127.0.0.1", "/eventbus/websocket"));
    second.handler(data -> fresh.add(new JsonObject(data)));
    second.writeTextMessage(register("campus.user." + ann[1], ann[0]).encode());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(UUID.randomUUID(), annId, UUID.randomUUID(), "c", "C",
          new Money(100, "EUR"), Instant.now()));
      return received(expiring, "PENDING") && received(fresh, "PENDING");
    });

    await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() / 1000 > now + 3);
    int before = expiring.size();
    UUID later = UUID.randomUUID();
    // Started first, as payments would: the shared node's purchase-history applies these events too.
    emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(later, annId, UUID.randomUUID(), "c", "C",
        new Money(100, "EUR"), Instant.now()));
    emit(PaymentsApi.PAYMENT_SUCCEEDED, new PurchaseProgress(later, annId, null, null, Instant.now()));
    await().atMost(Duration.ofSeconds(5)).until(() -> received(fresh, "PAID"));
    assertEquals(before, expiring.size(), "nothing after the token expired: " + expiring);
    join(first.close());
    join(second.close());
  }

  private static long rejected(List<JsonObject> frames) {
    return frames.stream().filter(f -> "err".equals(f.getString("type")) && "rejected".equals(f.getString("body")))
        .count();
  }

  private static boolean received(List<JsonObject> frames, String status) {
    return frames.stream().anyMatch(f -> "rec".equals(f.getString("type"))
        && status.equals(f.getJsonObject("body").getString("status")));
  }

  private static <P> void emit(EventType<P> type, P payload) {
    services.emit(type, payload);
  }

  private static JsonObject register(String address, String token) {
    return new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject().put("Authorization", "Bearer " + token));
  }

  /** Answers the access token and the user id. */
  private static String[] signIn() {
    TestHttp.Account account = services.http().account("Live");
    return new String[] {account.token(), account.id().toString()};
  }
}
