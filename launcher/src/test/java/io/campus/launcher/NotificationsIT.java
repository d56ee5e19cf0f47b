package io.campus.launcher;

import io.campus.bff.mobile.MobileBffVerticle;
import io.campus.bff.web.WebBffVerticle;
import io.campus.bridge.BridgeSettings;
import io.campus.bridge.BusBridgeVerticle;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.notifications.ListNotifications;
import io.campus.contracts.notifications.MarkRead;
import io.campus.contracts.notifications.Notification;
import io.campus.contracts.notifications.NotificationPage;
import io.campus.contracts.notifications.NotificationsApi;
import io.campus.contracts.notifications.UnreadQuery;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.launcher.notifications.NotificationsProcess;
import io.campus.payments.PaymentsVerticle;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestHttp;
import io.campus.platform.testing.TestNodes;
import io.campus.sandbox.SandboxVerticle;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.servicediscovery.Record;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Node.js notifications service as the all-in-one runs it (a child process on this JVM's bridge and
 * PostgreSQL) with the real Java services: a purchase to COMPLETED gives exactly one "purchase complete"; a kill -9
 * of the Node process while purchases flow, its restart by the supervisor, and every notification exists exactly
 * once, as the payments states say; a user reads only their own notifications.
 */
class NotificationsIT {

  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static NotificationsProcess notifications;
  private static TestHttp http;
  private static BusClient bus;
  private static Path log;
  private static String deployment;
  private static int mobilePort;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    Assumptions.assumeTrue(nodeOnThePath(), "node is not on the PATH");
    int sandboxPort = TestNodes.freePort();
    int bridgePort = TestNodes.freePort();
    mobilePort = TestNodes.freePort();
    node = TestNodes.start(TestNodes.config(dataDir, Map.of(
        "mobile.http.port", String.valueOf(mobilePort),
        "payments.processor.url", "http://127.0.0.1:" + sandboxPort,
        "bridge.secret", "the all-in-one's own bridge secret",
        "bridge.port", String.valueOf(bridgePort),
        "notifications.node.dir", Path.of("..", "polyglot", "notifications-node").toAbsolutePath().normalize()
            .toString(),
        "notifications.management.port", String.valueOf(TestNodes.freePort()),
        "consumer.catch.up.ms", "500")));
    join(node.deploy(() -> new SandboxVerticle("127.0.0.1", sandboxPort), 1));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    join(node.deploy(() -> new PaymentsVerticle(node), 1));
    join(node.deploy(() -> new HistoryVerticle(node), 1));
    BridgeSettings bridge = BridgeSettings.from(node.config());
    join(node.deploy(() -> new BusBridgeVerticle(node, bridge), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    join(node.deploy(() -> new MobileBffVerticle(node), 1));
    log = dataDir.resolve("notifications.log");
    startNotifications(new NotificationsProcess.Bridge("127.0.0.1", bridgePort, bridge.secret().orElseThrow()));
    http = TestHttp.at(node.config().getInt("http.port", 0));
    bus = new BusClient(node.vertx());
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node); // undeploys the process: SIGTERM, then kill
  }

  @Test
  @DisplayName("a new user is welcomed, a purchase to COMPLETED tells the buyer once, and only they can read it")
  void purchaseComplete() throws IOException {
    TestHttp.Account ada = http.account("Ada");
    String course = http.courseId("postgresql-essentials");
    String purchase = completed(ada, course);

    NotificationPage page = await().atMost(BOUND).until(() -> list(ada.id()),
        p -> p.items().stream().anyMatch(n -> n.kind().equals("purchase-completed")));
    List<Notification> complete = page.items().stream().filter(n -> n.kind().equals("purchase-completed")).toList();
    assertEquals(1, complete.size(), page.toString());
    assertEquals(UUID.fromString(purchase), complete.get(0).purchaseId());
    assertTrue(complete.get(0).body().contains("PostgreSQL"), complete.get(0).body());
    assertTrue(page.items().stream().anyMatch(n -> n.kind().equals("welcome") && n.body().contains("Ada")), log());
    assertEquals(page.items().size(), page.unread());

    CampusException refused = assertThrows(CampusException.class, () -> join(bus.request(NotificationsApi.LIST,
        new ListNotifications(ada.id(), null, 20, false), 5_000, TestCallers.STUDENT)));
    assertEquals(ErrorCode.FORBIDDEN, refused.code(), "someone else's notifications");
    CampusException invalid = assertThrows(CampusException.class, () -> join(bus.request(NotificationsApi.LIST,
        new ListNotifications(ada.id(), "not a cursor", 20, false), 5_000, TestCallers.user(ada.id()))));
    assertEquals(ErrorCode.VALIDATION, invalid.code());

    var read = join(bus.request(NotificationsApi.READ, new MarkRead(ada.id(), List.of(complete.get(0).id()), false),
        5_000, TestCallers.user(ada.id())));
    assertEquals(1, read.marked());
    assertEquals(page.unread() - 1, read.unread());
    assertEquals(read.unread(), join(bus.request(NotificationsApi.UNREAD, new UnreadQuery(ada.id()), 5_000,
        TestCallers.user(ada.id()))).unread());
  }

  @Test
  @DisplayName("kill -9 of the Node process while purchases flow: restarted, and every notification exists once")
  void killedWhilePurchasesFlow() throws Exception {
    List<TestHttp.Account> buyers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      buyers.add(http.account("Buyer" + i));
    }
    List<String> slugs = List.of("java-from-zero", "reactive-vertx", "distributed-systems", "observability",
        "data-modeling", "secure-coding");
    Map<String, String> courses = new HashMap<>();
    slugs.forEach(slug -> courses.put(slug, http.courseId(slug)));
    ProcessHandle first = notifications.process().orElseThrow();
    List<String> purchases = new ArrayList<>();
    int started = 0;
    for (String slug : slugs) {
      for (TestHttp.Account buyer : buyers) {
        HttpResponse<String> accepted = http.buy(buyer.token(), courses.get(slug), UUID.randomUUID().toString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        purchases.add(new JsonObject(accepted.body()).getString("purchaseId"));
        if (++started == 8) {
          first.destroyForcibly(); // kill -9, with events in flight
        }
      }
    }
    assertTrue(first.onExit().get(10, TimeUnit.SECONDS) != null);
    await().atMost(BOUND).until(() -> notifications.process().map(p -> p.pid() != first.pid()).orElse(false));
    awaitRecord();

    Map<String, String> states = new HashMap<>();
    for (String id : purchases) {
      states.put(id, await().atMost(BOUND).until(() -> status(buyers, id), s -> s.matches("COMPLETED|FAILED|REFUNDED")));
    }
    long completed = states.values().stream().filter("COMPLETED"::equals).count();
    assertTrue(completed > 0, states.toString());

    Pool db = PgBuilder.pool().connectingTo(join(node.databases().connectOptions("notifications"))).using(node.vertx())
        .build();
    try {
      await().atMost(BOUND).untilAsserted(() -> {
        Map<String, Integer> told = new HashMap<>();
        for (Row row : join(db.query("SELECT purchase_id::text, count(*)::int FROM notification "
            + "WHERE kind = 'purchase-completed' GROUP BY purchase_id").execute())) {
          told.put(row.getString(0), row.getInteger(1));
        }
        for (String id : purchases) {
          int expected = "COMPLETED".equals(states.get(id)) ? 1 : 0;
          assertEquals(expected, told.getOrDefault(id, 0), "purchase " + id + " (" + states.get(id) + ")\n" + log());
        }
      });
      for (TestHttp.Account buyer : buyers) {
        Row welcome = join(db.preparedQuery("SELECT count(*)::int FROM notification WHERE user_id = $1 "
            + "AND kind = 'welcome'").execute(io.vertx.sqlclient.Tuple.of(buyer.id()))).iterator().next();
        assertEquals(1, welcome.getInteger(0), "one welcome for " + buyer.id());
      }
    } finally {
      db.close();
    }
    assertNotEquals(first.pid(), notifications.process().orElseThrow().pid());
  }

  @Test
  @DisplayName("through both BFFs: the list in pages, mark read, the unread count in home and feed; degraded while "
      + "the service is down, healed when it is back")
  void throughTheBffs() throws IOException {
    TestHttp.Account bea = http.account("Bea");
    completed(bea, http.courseId("observability"));
    JsonObject page = await().atMost(BOUND).until(() -> http.json("/api/me/notifications", bea.token()),
        p -> p.getJsonArray("items").size() == 2);
    assertEquals(2, page.getInteger("unread"));
    assertEquals("purchase-completed", page.getJsonArray("items").getJsonObject(0).getString("kind"), "newest first");
    JsonObject first = http.json("/api/me/notifications?limit=1", bea.token());
    String cursor = first.getString("next");
    JsonObject second = http.json("/api/me/notifications?limit=1&cursor=" + cursor, bea.token());
    assertEquals("welcome", second.getJsonArray("items").getJsonObject(0).getString("kind"));
    assertEquals(null, second.getValue("next"), "the last page");

    String completeId = first.getJsonArray("items").getJsonObject(0).getString("id");
    HttpResponse<String> read = http.post("/api/me/notifications/read",
        new JsonObject().put("ids", new io.vertx.core.json.JsonArray().add(completeId)), bea.token());
    assertEquals(200, read.statusCode(), read.body());
    assertEquals(new JsonObject().put("marked", 1).put("unread", 1), new JsonObject(read.body()));
    JsonObject unreadOnly = http.json("/api/me/notifications?unread=true", bea.token());
    assertEquals(1, unreadOnly.getJsonArray("items").size());
    JsonObject home = http.json("/api/home", bea.token());
    assertEquals(1, home.getJsonObject("notifications").getInteger("unread"), home.encode());
    assertEquals(0, home.getJsonArray("degraded").size(), home.encode());

    TestHttp mobile = TestHttp.at(mobilePort);
    JsonObject compact = mobile.json("/api/me/notifications", bea.token());
    assertEquals(2, compact.getJsonArray("items").size());
    assertEquals(Set.of("id", "kind", "title", "body", "at", "read"),
        compact.getJsonArray("items").getJsonObject(0).fieldNames());
    assertEquals(1, mobile.json("/api/feed", bea.token()).getInteger("unread"));

    TestHttp.problem(http.post("/api/me/notifications/read", new JsonObject(), bea.token()), 400, "VALIDATION");
    TestHttp.problem(http.post("/api/me/notifications/read", new JsonObject().put("ids",
        new io.vertx.core.json.JsonArray().add("x")), bea.token()), 400, "VALIDATION");
    TestHttp.problem(http.get("/api/me/notifications?cursor=forged", bea.token()), 400, "VALIDATION");
    TestHttp.problem(http.get("/api/me/notifications?limit=0", bea.token()), 400, "VALIDATION");
    TestHttp.problem(http.get("/api/me/notifications"), 401, "UNAUTHORIZED");

    // Down: the process stopped for good (undeployed), its record gone.
    join(node.undeploy(deployment));
    await().atMost(BOUND).until(() -> join(node.discovery().getRecord(r ->
        NotificationsApi.SERVICE.equals(r.getName()))) == null);
    long asked = System.nanoTime();
    JsonObject degraded = http.json("/api/home", bea.token());
    assertTrue(System.nanoTime() - asked < TimeUnit.SECONDS.toNanos(1), "home within 1 s while notifications is down");
    assertEquals(null, degraded.getValue("notifications"));
    assertEquals(List.of("notifications"), degraded.getJsonArray("degraded").getList());
    assertNotEquals(null, degraded.getValue("profile"), "the other sections are there");
    TestHttp.problem(http.get("/api/me/notifications", bea.token()), 503, "UNAVAILABLE");
    JsonObject feed = mobile.json("/api/feed", bea.token());
    assertEquals(null, feed.getValue("unread"));
    assertEquals(List.of("notifications"), feed.getJsonArray("degraded").getList());

    startNotifications(notifications.bridge());
    await().atMost(BOUND).until(() -> http.json("/api/home", bea.token()).getJsonArray("degraded").isEmpty());
    assertEquals(1, http.json("/api/home", bea.token()).getJsonObject("notifications").getInteger("unread"));
  }

  private static void startNotifications(NotificationsProcess.Bridge bridge) {
    notifications = new NotificationsProcess(node, NotificationsProcess.Settings.from(node.config()), bridge,
        ProcessBuilder.Redirect.appendTo(log.toFile()));
    deployment = join(node.deploy(() -> notifications, 1));
    assertTrue(notifications.process().isPresent(), "the Node.js process started");
    awaitRecord();
  }

  private static String completed(TestHttp.Account buyer, String course) {
    HttpResponse<String> accepted = http.buy(buyer.token(), course, UUID.randomUUID().toString());
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = new JsonObject(accepted.body()).getString("purchaseId");
    await().atMost(BOUND).until(() -> status(List.of(buyer), id), "COMPLETED"::equals);
    return id;
  }

  private static String status(List<TestHttp.Account> buyers, String purchase) {
    for (TestHttp.Account buyer : buyers) {
      HttpResponse<String> answer = http.get("/api/purchases/" + purchase, buyer.token());
      if (answer.statusCode() == 200) {
        return new JsonObject(answer.body()).getString("status");
      }
    }
    return "unknown";
  }

  private static NotificationPage list(UUID user) {
    return join(bus.request(NotificationsApi.LIST, new ListNotifications(user, null, 50, false), 5_000,
        TestCallers.user(user)));
  }

  private static void awaitRecord() {
    await().atMost(BOUND).until(() -> {
      Record record = join(node.discovery().getRecord(r -> NotificationsApi.SERVICE.equals(r.getName())));
      return record != null;
    });
  }

  private static boolean nodeOnThePath() throws InterruptedException {
    try {
      return new ProcessBuilder("node", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      return false;
    }
  }

  private static String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }
}
