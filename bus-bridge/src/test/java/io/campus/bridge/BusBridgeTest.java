package io.campus.bridge;

import io.campus.contracts.BusHeaders;
import io.campus.contracts.bridge.BridgeApi;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.CapturedLogs;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge over real TCP, spoken to as a stranger and as a Node service would: what gets through, and as what. */
class BusBridgeTest {

  private static final String SECRET = "a bridge secret for the tests";
  private static final String REPLAY = "events.courses.replay";

  @TempDir
  static Path data;
  private static CampusNode node;
  private static Vertx vertx;
  private static int port;
  private static final List<Message<Object>> delivered = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    port = TestNodes.freePort();
    node = TestNodes.start(TestNodes.config(data, Map.of("bridge.secret", SECRET, "bridge.port",
        String.valueOf(port), "bridge.max.registrations", "3")));
    vertx = node.vertx();
    BridgeSettings settings = BridgeSettings.from(node.config());
    join(node.deploy(() -> new BusBridgeVerticle(node, settings), 1));
    // A Java service's endpoint a bridge client may call: it answers with the headers it was given.
    join(vertx.eventBus().consumer(REPLAY, (Message<Object> m) -> {
      delivered.add(m);
      JsonObject headers = new JsonObject();
      m.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
      m.reply(new JsonObject().put("headers", headers).put("body", m.body()));
    }).completion());
    join(vertx.eventBus().consumer("payments.start", (Message<Object> m) -> delivered.add(m)).completion());
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @BeforeEach
  void forget() {
    delivered.clear();
  }

  @Test
  @DisplayName("a frame without the secret closes the socket, and nothing it sent reaches the bus")
  void noSecret() {
    try (BridgeClient stranger = BridgeClient.connect(vertx, port)) {
      stranger.send(new JsonObject().put("type", "send").put("address", REPLAY).put("replyAddress", "r1")
          .put("body", new JsonObject()));
      await().atMost(Duration.ofSeconds(10)).until(stranger::closed);
      assertTrue(delivered.isEmpty());
    }
  }

  @Test
  @DisplayName("a wrong secret, or one in the body instead of the headers, is no secret")
  void wrongSecret() {
    for (JsonObject frame : List.of(
        send(REPLAY, "r1").put("headers", new JsonObject().put(BridgeApi.SECRET_HEADER, SECRET + "!")),
        send(REPLAY, "r1").put("headers", new JsonObject().put(BridgeApi.SECRET_HEADER, 42)),
        send(REPLAY, "r1").put("body", new JsonObject().put(BridgeApi.SECRET_HEADER, SECRET)))) {
      try (BridgeClient stranger = BridgeClient.connect(vertx, port)) {
        stranger.send(frame);
        await().atMost(Duration.ofSeconds(10)).until(stranger::closed);
      }
    }
    assertTrue(delivered.isEmpty());
  }

  @Test
  @DisplayName("a request reaches the service without the secret and without the identity the client claimed; the"
      + " bridge names the client and its socket")
  void requestReply() {
    try (BridgeClient client = BridgeClient.connect(vertx, port)) {
      client.send(send(REPLAY, "r1").put("headers", authenticated()
              .put(BusHeaders.SUBJECT, UUID.randomUUID().toString()).put(BusHeaders.ROLES, "admin")
              .put(BridgeApi.CLIENT_HEADER, "payments").put(BridgeApi.SOCKET_HEADER, "someone else's")
              .put("codecName", "campus-record").put("localOnly", true).put("timeout", 999_999_999)
              .put("x-request", 7))
          .put("body", new JsonObject().put("after", 3)));

      JsonObject reply = client.awaitFrame(f -> "r1".equals(f.getString("address")));
      assertEquals("message", reply.getString("type"), reply.encode());
      JsonObject seen = reply.getJsonObject("body").getJsonObject("headers");
      assertEquals(Map.of(BridgeApi.CLIENT_HEADER, "secret", "x-request", "7"),
          Map.of(BridgeApi.CLIENT_HEADER, seen.getString(BridgeApi.CLIENT_HEADER), "x-request",
              seen.getString("x-request")));
      assertNull(seen.getString(BridgeApi.SECRET_HEADER), "the secret stays at the bridge");
      assertNull(seen.getString(BusHeaders.SUBJECT), "no claim to act for a user");
      assertNull(seen.getString(BusHeaders.ROLES), "no claim to be an admin");
      assertFalse(seen.getString(BridgeApi.SOCKET_HEADER).equals("someone else's"));
      assertEquals(3, reply.getJsonObject("body").getJsonObject("body").getInteger("after"));
    }
  }

  @Test
  @DisplayName("the reserved headers in another case are still reserved: the bus reads headers case-insensitively")
  void reservedInAnyCase() {
    try (BridgeClient client = BridgeClient.connect(vertx, port)) {
      client.send(send(REPLAY, "r3").put("headers", authenticated()
          .put("Campus-Caller-Roles", "admin").put("CAMPUS-CALLER-SUB", UUID.randomUUID().toString())
          .put("Campus-Bridge-Socket", "someone else's").put("Campus-Bridge-Client", "payments")
          .put("Campus-Bridge-Secret", "copied on")));
      client.awaitFrame(f -> "r3".equals(f.getString("address")));
      MultiMap headers = delivered.get(0).headers();
      assertNull(headers.get(BusHeaders.ROLES));
      assertNull(headers.get(BusHeaders.SUBJECT));
      assertNull(headers.get(BridgeApi.SECRET_HEADER));
      assertEquals("secret", headers.get(BridgeApi.CLIENT_HEADER));
      assertEquals(List.of(headers.get(BridgeApi.SOCKET_HEADER)), headers.getAll(BridgeApi.SOCKET_HEADER));
      assertFalse("someone else's".equals(headers.get(BridgeApi.SOCKET_HEADER)));
    }
  }

  @Test
  @DisplayName("frames the bridge itself would choke on or log whole (no address, headers it cannot read) are"
      + " refused, the secret is never logged, and the socket goes on working")
  void malformedFrames() {
    try (CapturedLogs logs = CapturedLogs.of("io.vertx", Level.ALL);
         BridgeClient client = BridgeClient.connect(vertx, port)) {
      client.send(new JsonObject().put("type", "unregister").put("headers", authenticated()));
      client.send(new JsonObject().put("type", "send").put("headers", authenticated()));
      client.send(register("notifications.x").put("headers", authenticated().put("timeout", "soon")
          .put("localOnly", "maybe")));
      client.send(new JsonObject().put("type", "ping").put("headers", authenticated().put("timeout", 0)));
      JsonObject pong = client.awaitFrame(f -> "pong".equals(f.getString("type")));
      assertEquals("pong", pong.getString("type"));
      assertFalse(client.closed());
      assertTrue(logs.lines().stream().noneMatch(l -> l.contains(SECRET)), logs.lines().toString());
    }
  }

  @Test
  @DisplayName("a client may send only where it is permitted: not to another service's endpoints")
  void sendNotPermitted() {
    try (BridgeClient client = BridgeClient.connect(vertx, port)) {
      client.send(send("payments.start", "r2").put("headers", authenticated()));
      JsonObject err = client.awaitFrame(f -> "err".equals(f.getString("type")));
      assertEquals("access_denied", err.getString("message"));
      assertTrue(delivered.isEmpty());
    }
  }

  @Test
  @DisplayName("a registered client answers requests from the bus; it may not register another service's address,"
      + " the same address twice, or more than its cap")
  void registerAndAnswer() {
    try (BridgeClient client = BridgeClient.connect(vertx, port)) {
      client.send(register("notifications.list"));
      client.send(register("notifications.list"));
      client.send(register("payments.start"));
      client.awaitFrame(f -> "err".equals(f.getString("type")));
      await().atMost(Duration.ofSeconds(10)).until(() -> client.received().size() == 2);
      assertTrue(client.received().stream().allMatch(f -> "err".equals(f.getString("type"))), client.received()
          .toString());

      var answer = vertx.eventBus().request("notifications.list", new JsonObject().put("user", "u1"));
      JsonObject request = client.awaitFrame(f -> "notifications.list".equals(f.getString("address")));
      assertEquals("u1", request.getJsonObject("body").getString("user"));
      client.send(new JsonObject().put("type", "send").put("address", request.getString("replyAddress"))
          .put("headers", authenticated()).put("body", new JsonObject().put("items", new JsonArray())));
      assertEquals(new JsonObject().put("items", new JsonArray()), join(answer).body());

      client.send(register("notifications.read")).send(register("notifications.unread"));
      client.send(register("notifications.more"));
      await().atMost(Duration.ofSeconds(10)).until(() -> client.received().stream()
          .filter(f -> "err".equals(f.getString("type"))).count() == 3);
      // The fourth registration was refused: nothing answers there, while the third does.
      assertEquals(ReplyException.class, failure(vertx.eventBus().request("notifications.more", "x")).getClass());
    }
  }

  @Test
  @DisplayName("a client announces its service; the record names it and goes when its socket closes")
  void recordLivesWithTheSocket() {
    BridgeClient client = BridgeClient.connect(vertx, port);
    client.send(send(BridgeApi.RECORDS, "a1").put("headers", authenticated())
        .put("body", new JsonObject().put("service", "notifications").put("capabilities", new JsonArray()
            .add("impact"))));
    JsonObject announced = client.awaitFrame(f -> "a1".equals(f.getString("address")));
    assertEquals("message", announced.getString("type"), announced.encode());
    Record record = join(node.discovery().getRecord(r -> "notifications".equals(r.getName())));
    assertEquals(announced.getJsonObject("body").getString("registration"), record.getRegistration());
    assertEquals(new JsonArray().add("impact"), record.getMetadata().getJsonArray("capabilities"));
    assertEquals(node.identity().nodeId(), record.getMetadata().getString("nodeId"));

    client.send(send(BridgeApi.RECORDS, "a2").put("headers", authenticated())
        .put("body", new JsonObject().put("service", "payments")));
    JsonObject refused = client.awaitFrame(f -> "a2".equals(f.getString("address")));
    assertEquals("err", refused.getString("type"));

    client.close();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> join(node.discovery().getRecord(r -> "notifications".equals(r.getName()))) == null);
  }

  @Test
  @DisplayName("the bridge's announcements are answered for its own clients only, not for a member of the bus")
  void recordsOnlyThroughTheBridge() {
    Throwable refused = failure(vertx.eventBus().request(BridgeApi.RECORDS, new JsonObject()
        .put("service", "notifications"), new io.vertx.core.eventbus.DeliveryOptions()
        .addHeader(BridgeApi.SOCKET_HEADER, "guessed")));
    assertInstanceOf(ReplyException.class, refused);
    assertNull(join(node.discovery().getRecord(r -> "notifications".equals(r.getName()))));
  }

  private static JsonObject authenticated() {
    return new JsonObject().put(BridgeApi.SECRET_HEADER, SECRET);
  }

  private static JsonObject send(String address, String replyAddress) {
    return new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress)
        .put("body", new JsonObject());
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address).put("headers", authenticated());
  }
}
