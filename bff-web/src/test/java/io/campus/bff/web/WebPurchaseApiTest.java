package io.campus.bff.web;

import io.campus.contracts.courses.CourseId;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.users.EnrollmentGrant;
import io.campus.contracts.users.UsersApi;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.payments.PaymentsVerticle;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestHttp;
import io.campus.platform.testing.TestNodes;
import io.campus.platform.testing.TestCallers;
import io.campus.sandbox.SandboxVerticle;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buying a course through the web BFF: the whole saga with the real services and the sandbox card processor. */
class WebPurchaseApiTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static String base;
  private static String sandbox;
  private static String coursesDeployment;
  private static String paymentsDeployment;
  private static Pool paymentsDb;

  @BeforeAll
  static void start() {
    int sandboxPort = TestNodes.freePort();
    sandbox = "http://127.0.0.1:" + sandboxPort;
    node = TestNodes.start(TestNodes.config(dataDir, Map.of(
        "payments.processor.url", sandbox, "payments.processor.timeout.ms", "500",
        "payments.retry.max.seconds", "1", "consumer.catch.up.ms", "500", "payments.stuck.check.ms", "300")));
    join(node.deploy(() -> new SandboxVerticle("127.0.0.1", sandboxPort), 1));
    coursesDeployment = join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    paymentsDeployment = join(node.deploy(() -> new PaymentsVerticle(node), 1));
    join(node.deploy(() -> new HistoryVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    base = "http://127.0.0.1:" + node.config().getInt("http.port", 0);
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @AfterEach
  void normalProcessor() throws Exception {
    sandbox(new JsonObject());
  }

  @Test
  @DisplayName("buy: 202 at once, COMPLETED within seconds, enrolled, every step in the history, charged once")
  void happyPath() throws Exception {
    String token = signIn();
    String course = courseId("java-from-zero");
    HttpResponse<String> accepted = buy(token, course, "key-1");
    assertEquals(202, accepted.statusCode(), accepted.body());
    JsonObject started = new JsonObject(accepted.body());
    assertEquals("PENDING", started.getString("status"));
    String purchase = started.getString("purchaseId");

    awaitStatus(token, purchase, "COMPLETED");
    JsonArray enrollments = new JsonObject(get("/api/me", token).body()).getJsonArray("enrollments");
    assertEquals(course, enrollments.getJsonObject(0).getString("courseId"));
    await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(new JsonObject(
        get("/api/me/purchases/" + purchase, token).body()).getString("status")));
    JsonObject history = new JsonObject(get("/api/me/purchases/" + purchase, token).body());
    assertEquals(List.of("PENDING", "PAID", "COMPLETED"), history.getJsonArray("steps").stream()
        .map(s -> ((JsonObject) s).getString("status")).toList());
    assertEquals(1, chargesOf(purchase));

    assertEquals(purchase, new JsonObject(buy(token, course, "key-1").body()).getString("purchaseId"),
        "the same key again is the same purchase");
    assertEquals("CONFLICT", new JsonObject(buy(token, courseId("postgresql-essentials"), "key-1").body())
        .getString("code"), "the same key with another course");
    HttpResponse<String> owned = buy(token, course, "key-2");
    assertEquals(409, owned.statusCode(), owned.body());
    assertEquals(1, chargesOf(purchase));
  }

  @Test
  @DisplayName("bad purchase requests: unknown course 404, no key 400, a bad body 400, no token 401")
  void badRequests() throws Exception {
    String token = signIn();
    assertEquals(404, buy(token, UUID.randomUUID().toString(), "k").statusCode());
    HttpResponse<String> noKey = send("POST", "/api/purchases", "{\"courseId\":\"" + courseId("observability") + "\"}",
        token, null);
    assertEquals(400, noKey.statusCode());
    assertEquals(400, send("POST", "/api/purchases", "{\"courseId\":\"nope\"}", token, "k").statusCode());
    assertEquals(401, send("POST", "/api/purchases", "{}", null, "k").statusCode());
    assertEquals(404, get("/api/purchases/" + UUID.randomUUID(), token).statusCode());
  }

  @Test
  @DisplayName("a course not for sale is a 409; another user's purchase is a 404")
  void notForSaleAndNotYours() throws Exception {
    String token = signIn();
    String course = courseId("distributed-systems");
    BusClient bus = new BusClient(node.vertx());
    join(bus.request(CoursesApi.UNPUBLISH, new CourseId(UUID.fromString(course)), 5_000, TestCallers.ADMIN));
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> buy(token, course, "sale").statusCode() == 409);
    } finally {
      join(bus.request(CoursesApi.PUBLISH, new CourseId(UUID.fromString(course)), 5_000, TestCallers.ADMIN));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> buy(token, course, "sale-2").statusCode() == 202);
    String purchase = new JsonObject(buy(token, course, "sale-2").body()).getString("purchaseId");
    assertEquals(404, get("/api/purchases/" + purchase, signIn()).statusCode());
  }

  @Test
  @DisplayName("a purchase starts and completes while the courses service is down: payments has its own price list")
  void coursesDown() throws Exception {
    String token = signIn();
    String course = courseId("kubernetes-operations");
    join(node.undeploy(coursesDeployment));
    try {
      HttpResponse<String> accepted = buy(token, course, "k");
      assertEquals(202, accepted.statusCode(), accepted.body());
      awaitStatus(token, new JsonObject(accepted.body()).getString("purchaseId"), "COMPLETED");
    } finally {
      coursesDeployment = join(node.deploy(() -> new CoursesVerticle(node), 1));
    }
  }

  @Test
  @DisplayName("while payments is down a purchase's state comes from the history view, marked so; one the view does"
      + " not know is a 503 with Retry-After, not a 404")
  void paymentsDown() throws Exception {
    String token = signIn();
    HttpResponse<String> accepted = buy(token, courseId("reactive-vertx"), "while-down");
    assertEquals(202, accepted.statusCode(), accepted.body());
    String purchase = new JsonObject(accepted.body()).getString("purchaseId");
    awaitStatus(token, purchase, "COMPLETED");
    await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(new JsonObject(
        get("/api/me/purchases/" + purchase, token).body()).getString("status")));
    assertEquals("payments", new JsonObject(get("/api/purchases/" + purchase, token).body()).getString("source"));

    join(node.undeploy(paymentsDeployment));
    try {
      HttpResponse<String> fromView = get("/api/purchases/" + purchase, token);
      assertEquals(200, fromView.statusCode(), fromView.body());
      JsonObject state = new JsonObject(fromView.body());
      assertEquals("COMPLETED", state.getString("status"));
      assertEquals("purchase-history", state.getString("source"));
      assertEquals(purchase, state.getString("purchaseId"));

      HttpResponse<String> unknown = get("/api/purchases/" + UUID.randomUUID(), token);
      assertEquals(503, unknown.statusCode(), unknown.body());
      assertTrue(unknown.headers().firstValue("Retry-After").isPresent());
    } finally {
      paymentsDeployment = join(node.deploy(() -> new PaymentsVerticle(node), 1));
    }
  }

  @Test
  @DisplayName("a declined card fails the purchase with its reason, and nothing is charged")
  void declined() throws Exception {
    sandbox(new JsonObject().put("declineAmounts", new JsonArray().add(2400)));
    String token = signIn();
    String purchase = new JsonObject(buy(token, courseId("web-accessibility"), "d").body()).getString("purchaseId");
    JsonObject failed = awaitStatus(token, purchase, "FAILED");
    assertEquals("card_declined", failed.getString("reason"));
    assertEquals(0, chargesOf(purchase));
  }

  @Test
  @DisplayName("a processor that times out, then is down, leaves the purchase PENDING; it completes once back, charged once")
  void slowThenDown() throws Exception {
    sandbox(new JsonObject().put("latencyMs", 1_500)); // longer than the 500 ms timeout
    String token = signIn();
    String purchase = new JsonObject(buy(token, courseId("modern-javascript"), "t").body()).getString("purchaseId");
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> "PENDING".equals(status(token, purchase)));
    sandbox(new JsonObject().put("hang", true));
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
        .until(() -> "PENDING".equals(status(token, purchase)));
    sandbox(new JsonObject());
    awaitStatus(token, purchase, "COMPLETED");
    assertEquals(1, chargesOf(purchase), "retries used the same idempotency key");
  }

  @Test
  @DisplayName("a course withdrawn while being paid for: the charge is refunded and the purchase REFUNDED")
  void refunded() throws Exception {
    sandbox(new JsonObject().put("latencyMs", 300));
    String token = signIn();
    String course = courseId("data-modeling");
    String purchase = new JsonObject(buy(token, course, "r").body()).getString("purchaseId");
    join(new BusClient(node.vertx()).request(CoursesApi.UNPUBLISH, new CourseId(UUID.fromString(course)), 5_000,
        TestCallers.ADMIN));
    JsonObject refunded = awaitStatus(token, purchase, "REFUNDED");
    assertTrue(refunded.getString("reason").contains("withdrawn"), refunded.encode());
    assertTrue(new JsonObject(get("/api/me", token).body()).getJsonArray("enrollments").isEmpty());
    assertTrue(refundedAtProcessor(purchase), "the charge was given back");
    join(new BusClient(node.vertx()).request(CoursesApi.PUBLISH, new CourseId(UUID.fromString(course)), 5_000,
        TestCallers.ADMIN));
  }

  @Test
  @DisplayName("a course completing while a second purchase of it starts: the database refuses the second one")
  void boughtOnceWhateverTheInterleaving() throws Exception {
    String token = signIn();
    String course = courseId("distributed-systems");
    UUID user = userId(token);
    // The interleaving of the race: purchase 1 is COMPLETED, but the second request's ownership check ran before
    // that commit and saw nothing (no ownership row yet). Only the database can still say no.
    join(payments().preparedQuery("""
        INSERT INTO purchase (id, user_id, course_id, course_slug, course_title, amount, currency, idempotency_key,
                              status)
        VALUES ($1, $2, $3, 'distributed-systems', 'Distributed Systems', 100, 'EUR', 'first', 'COMPLETED')""")
        .execute(Tuple.of(UUID.randomUUID(), user, UUID.fromString(course))));
    HttpResponse<String> second = buy(token, course, "second");
    assertEquals(409, second.statusCode(), second.body());
    assertEquals(1L, join(payments().preparedQuery("SELECT count(*) FROM purchase WHERE user_id = $1")
        .execute(Tuple.of(user))).iterator().next().getLong(0), "nothing was stored for the second request");
  }

  @Test
  @DisplayName("enrolled by an admin while a purchase is pending: the payment is refunded, never completed")
  void alreadyOwnedWhenPaid() throws Exception {
    sandbox(new JsonObject().put("latencyMs", 400));
    String token = signIn();
    String course = courseId("secure-coding");
    UUID user = userId(token);
    String purchase = new JsonObject(buy(token, course, "owned").body()).getString("purchaseId");
    join(new BusClient(node.vertx()).request(UsersApi.GRANT_ENROLLMENT, new EnrollmentGrant(user,
        UUID.fromString(course)), 5_000, TestCallers.ADMIN));
    JsonObject refunded = awaitStatus(token, purchase, "REFUNDED");
    assertTrue(refunded.getString("reason").contains("already own"), refunded.encode());
    await().atMost(Duration.ofSeconds(5)).until(() -> refundedAtProcessor(purchase));
    assertEquals(1, chargesOf(purchase), "charged once, and that charge given back");
    assertEquals(1, new JsonObject(get("/api/me", token).body()).getJsonArray("enrollments").size());
  }

  @Test
  @DisplayName("a processor slower than the deadline that answers 409 while a key is in progress: 10 purchases, "
      + "each COMPLETED with one charge or FAILED with none")
  void slowAndConflicting() throws Exception {
    // Each purchase's first call takes 2.5 s (the deadline is 0.5 s); a retry while it runs gets a 409.
    sandbox(new JsonObject().put("firstAttemptLatencyMs", 2_500).put("conflictWhileInFlight", true));
    List<String> slugs = List.of("reactive-vertx", "modern-javascript", "kubernetes-operations", "observability",
        "performance-tuning-jvm");
    Map<String, String> purchases = new java.util.HashMap<>(); // purchase id -> buyer's token
    // Two buyers of five courses each: the chaos suite's "conflicting" processor fault does this under load too.
    for (int u = 0; u < 2; u++) {
      String token = signIn();
      for (String slug : slugs) {
        HttpResponse<String> accepted = buy(token, courseId(slug), UUID.randomUUID().toString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        purchases.put(new JsonObject(accepted.body()).getString("purchaseId"), token);
      }
    }
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      for (Map.Entry<String, String> p : purchases.entrySet()) {
        if (!Set.of("COMPLETED", "FAILED", "REFUNDED").contains(status(p.getValue(), p.getKey()))) {
          return false;
        }
      }
      return true;
    });
    JsonObject stats = new JsonObject(sandboxGet("/admin/stats").body());
    for (Map.Entry<String, String> p : purchases.entrySet()) {
      String status = status(p.getValue(), p.getKey()); // final: it stays as it was when awaited
      int charges = stats.getJsonObject("succeededChargesByReference").getInteger(p.getKey(), 0);
      boolean refunded = stats.getJsonArray("refundKeys").contains("refund-" + p.getKey());
      switch (status) {
        case "COMPLETED" -> assertTrue(charges == 1 && !refunded, p.getKey() + ": " + charges + " charges");
        case "FAILED" -> assertEquals(0, charges, p.getKey() + " FAILED but charged");
        default -> assertTrue(refunded, p.getKey() + " REFUNDED without a refund");
      }
    }
  }

  @Test
  @DisplayName("asked again while its first call is still running, the processor answers 409: that is no decline, "
      + "the purchase completes with one charge")
  void conflictIsNoDecline() throws Exception {
    // The first call takes 2.5 s; the deadline is 0.5 s and the retry comes 1 s later, while the call still runs.
    sandbox(new JsonObject().put("firstAttemptLatencyMs", 2_500).put("conflictWhileInFlight", true));
    int conflictsBefore = new JsonObject(sandboxGet("/admin/stats").body()).getInteger("conflicts");
    String token = signIn();
    String purchase = new JsonObject(buy(token, courseId("event-driven-architecture"), "conflict").body())
        .getString("purchaseId");
    awaitStatus(token, purchase, "COMPLETED");
    assertEquals(1, chargesOf(purchase));
    assertTrue(new JsonObject(sandboxGet("/admin/stats").body()).getInteger("conflicts") > conflictsBefore,
        "the retry met the call still in progress");
  }

  @Test
  @DisplayName("the answer to a charge is lost after the money was taken: asked again, it completes, charged once")
  void answerDropped() throws Exception {
    sandbox(new JsonObject().put("dropAfterCharge", true));
    String token = signIn();
    String purchase = new JsonObject(buy(token, courseId("testing-microservices"), "dropped").body())
        .getString("purchaseId");
    await().atMost(Duration.ofSeconds(10)).until(() -> chargesOf(purchase) == 1); // taken, answer lost
    awaitStatus(token, purchase, "COMPLETED"); // the next try under the same key got the charge already made
    assertEquals(1, chargesOf(purchase));
  }

  @Test
  @DisplayName("a charge answered 'pending' that settles later: the purchase completes, charged once")
  void pendingThenSettled() throws Exception {
    sandbox(new JsonObject().put("pendingMs", 1_500));
    String token = signIn();
    String purchase = new JsonObject(buy(token, courseId("web-accessibility"), "pending").body())
        .getString("purchaseId");
    awaitStatus(token, purchase, "COMPLETED");
    assertEquals(1, chargesOf(purchase));
  }

  @Test
  @DisplayName("no outcome for too long and no charge under the key at the processor: FAILED, nothing charged")
  void overdueWithoutCharge() throws Exception {
    sandbox(new JsonObject().put("hang", true)); // no charge answers, and none is made
    String token = signIn();
    String purchase = new JsonObject(buy(token, courseId("distributed-systems"), "overdue").body())
        .getString("purchaseId");
    age(purchase, "PENDING");
    JsonObject failed = awaitStatus(token, purchase, "FAILED");
    assertTrue(failed.getString("reason").contains("not charged"), failed.encode());
    assertEquals(0, chargesOf(purchase));
  }

  @Test
  @DisplayName("no outcome for too long, but the processor has the charge under the key: it counts, COMPLETED")
  void overdueChargeFoundByKey() throws Exception {
    String token = signIn();
    String course = courseId("event-driven-architecture");
    UUID purchase = UUID.randomUUID();
    // The charge was made and its answer lost; since then the processor answers no charge request at all.
    HttpResponse<String> charged = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + "/v1/charges"))
        .header("Idempotency-Key", purchase.toString()).POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("amount", 100).put("currency", "EUR").put("reference", purchase.toString()).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, charged.statusCode(), charged.body());
    sandbox(new JsonObject().put("hang", true));
    insertAged(purchase, userId(token), UUID.fromString(course), "PENDING", null);
    awaitStatus(token, purchase.toString(), "COMPLETED");
    assertEquals(course, new JsonObject(get("/api/me", token).body()).getJsonArray("enrollments").getJsonObject(0)
        .getString("courseId"));
    assertEquals(1, chargesOf(purchase.toString()));
  }

  @Test
  @DisplayName("given up while the first call still runs at the processor, which then charges: found, COMPLETED, once")
  void givenUpWhileChargeInFlight() throws Exception {
    // The first call takes 2.5 s at the processor (past the 500 ms deadline); a repeat meanwhile gets a 409.
    sandbox(new JsonObject().put("firstAttemptLatencyMs", 2_500).put("conflictWhileInFlight", true));
    String token = signIn();
    String purchase = new JsonObject(buy(token, courseId("algorithms-interviews"), "in-flight").body())
        .getString("purchaseId");
    age(purchase, "PENDING"); // from its second try on, the worker looks the charge up instead of charging
    awaitStatus(token, purchase, "COMPLETED"); // none at the first look; the second, a lease later, finds it
    assertEquals(1, chargesOf(purchase));
  }

  @Test
  @DisplayName("a completed purchase whose enrollment answer payments lost, course withdrawn since: re-driven, "
      + "COMPLETED again, not refunded")
  void lostAnswerIsRedriven() throws Exception {
    String token = signIn();
    String course = courseId("performance-tuning-jvm");
    String purchase = new JsonObject(buy(token, course, "redrive").body()).getString("purchaseId");
    awaitStatus(token, purchase, "COMPLETED");
    await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(new JsonObject(
        get("/api/me/purchases/" + purchase, token).body()).getString("status")));
    BusClient bus = new BusClient(node.vertx());
    join(bus.request(CoursesApi.UNPUBLISH, new CourseId(UUID.fromString(course)), 5_000, TestCallers.ADMIN));
    Pool users = join(node.databases().open(UsersApi.SERVICE));
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> !join(users.preparedQuery(
          "SELECT published FROM course WHERE id = $1").execute(Tuple.of(UUID.fromString(course)))).iterator().next()
          .getBoolean(0)); // users knows the course is withdrawn
      age(purchase, "PAID"); // as if payments had dead-lettered enrollment.granted
      awaitStatus(token, purchase, "COMPLETED");
    } finally {
      join(bus.request(CoursesApi.PUBLISH, new CourseId(UUID.fromString(course)), 5_000, TestCallers.ADMIN));
      users.close();
    }
    assertFalse(refundedAtProcessor(purchase), "users answered the same purchase the same way: granted, not refused");
    assertEquals(1, chargesOf(purchase));
    JsonObject history = new JsonObject(get("/api/me/purchases/" + purchase, token).body());
    assertEquals("COMPLETED", history.getString("status"), "the repeated payment.succeeded did not move it back");
    assertEquals(List.of("PENDING", "PAID", "COMPLETED"), history.getJsonArray("steps").stream()
        .map(s -> ((JsonObject) s).getString("status")).toList());
  }

  @Test
  @DisplayName("a paid purchase users never enrolled (its payment.succeeded dead-lettered): re-driven, enrolled, COMPLETED")
  void unansweredPaymentIsRedriven() throws Exception {
    String token = signIn();
    String course = courseId("kubernetes-operations");
    UUID purchase = UUID.randomUUID();
    insertAged(purchase, userId(token), UUID.fromString(course), "PAID", "ch_y");
    awaitStatus(token, purchase.toString(), "COMPLETED");
    assertEquals(course, new JsonObject(get("/api/me", token).body()).getJsonArray("enrollments").getJsonObject(0)
        .getString("courseId"));
  }

  @Test
  @DisplayName("a purchase PAID for an hour (its enrollment never came back) shows on /metrics and in readiness")
  void stuckPurchasesAreVisible() throws Exception {
    insertAged(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "PAID", "ch_x");
    String management = "http://127.0.0.1:" + node.config().getInt("management.port", 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(management
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body()
        .matches("(?s).*campus_purchases_stuck\\{status=\"PAID\"} [1-9][0-9]*\\.0.*"));
    String ready = HTTP.send(HttpRequest.newBuilder(URI.create(management + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(ready.matches("(?s).*\"id\":\"payments\\.stuck\".*\"paid\":[1-9].*"), ready);
  }

  private static synchronized Pool payments() {
    if (paymentsDb == null) {
      paymentsDb = join(node.databases().open(PaymentsApi.SERVICE));
    }
    return paymentsDb;
  }

  /** A purchase written straight into payments' table, as if it had been in {@code status} for an hour. */
  private static void insertAged(UUID id, UUID user, UUID course, String status, String chargeId) {
    join(payments().preparedQuery("""
        INSERT INTO purchase (id, user_id, course_id, course_slug, course_title, amount, currency, idempotency_key,
                              status, charge_id, created_at, updated_at)
        VALUES ($1, $2, $3, 'c', 'C', 100, 'EUR', $4, $5, $6, clock_timestamp() - interval '1 hour',
                clock_timestamp() - interval '1 hour')""")
        .execute(Tuple.of(id, user, course, "aged-" + id, status, chargeId)));
  }

  /** Makes the purchase look as if it had been in {@code status} for an hour. */
  private static void age(String purchase, String status) {
    join(payments().preparedQuery("UPDATE purchase SET status = $2, created_at = clock_timestamp() - interval '1 hour', "
        + "updated_at = clock_timestamp() - interval '1 hour' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(purchase), status)));
  }

  private static UUID userId(String token) throws Exception {
    return UUID.fromString(new JsonObject(get("/api/me", token).body()).getString("id"));
  }

  private static JsonObject awaitStatus(String token, String purchase, String status) {
    await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(status(token, purchase)));
    try {
      return new JsonObject(get("/api/purchases/" + purchase, token).body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String status(String token, String purchase) throws Exception {
    return new JsonObject(get("/api/purchases/" + purchase, token).body()).getString("status");
  }

  private static boolean refundedAtProcessor(String purchase) throws Exception {
    return new JsonObject(sandboxGet("/admin/stats").body()).getJsonArray("refundKeys").contains("refund-" + purchase);
  }

  private static int chargesOf(String purchase) throws Exception {
    return new JsonObject(sandboxGet("/admin/stats").body()).getJsonObject("succeededChargesByReference")
        .getInteger(purchase, 0);
  }

  private static HttpResponse<String> buy(String token, String course, String key) {
    return web().buy(token, course, key);
  }

  private static String courseId(String slug) {
    return web().courseId(slug);
  }

  private static String signIn() {
    return web().signIn("buyer");
  }

  private static void sandbox(JsonObject settings) throws Exception {
    HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + "/admin/settings"))
        .PUT(HttpRequest.BodyPublishers.ofString(settings.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> sandboxGet(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, null, token, null);
  }

  private static HttpResponse<String> send(String method, String path, String body, String token, String key) {
    return key == null ? web().send(method, path, body, token) : web().send(method, path, body, token,
        "Idempotency-Key", key);
  }

  private static TestHttp web() {
    return new TestHttp(base, Duration.ofSeconds(5));
  }
}
