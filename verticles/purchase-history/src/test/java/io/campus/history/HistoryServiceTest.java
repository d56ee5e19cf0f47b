package io.campus.history;

import io.campus.contracts.Endpoint;
import io.campus.contracts.Money;
import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.CourseId;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.FindCourse;
import io.campus.contracts.courses.UpdateCourse;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.events.ConsumerStatus;
import io.campus.contracts.events.EventType;
import io.campus.contracts.history.GetPurchase;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.history.ListPurchases;
import io.campus.contracts.history.PurchasePage;
import io.campus.contracts.history.PurchaseStep;
import io.campus.contracts.history.PurchaseView;
import io.campus.contracts.history.Rebuild;
import io.campus.contracts.history.StatusQuery;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.contracts.payments.PurchaseStatus;
import io.campus.courses.CoursesVerticle;
import io.campus.platform.auth.Caller;
import io.campus.platform.bus.BusClient;
import io.campus.platform.db.Outbox;
import io.campus.platform.events.EventStream;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The purchase history fed by the real courses service and by payments events that this test produces through
 * a real outbox and relay (the payments service comes later).
 */
class HistoryServiceTest {

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static BusClient bus;
  private static Pool payments;
  private static Pool courses;
  private static String coursesDeployment;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of("consumer.catch.up.ms", "300")));
    coursesDeployment = join(node.deploy(() -> new CoursesVerticle(node), 1));
    courses = join(node.databases().open(CoursesApi.SERVICE));
    payments = join(node.databases().open(PaymentsApi.SERVICE));
    join(EventStream.start(node, PaymentsApi.SERVICE, payments));
    join(node.deploy(() -> new HistoryVerticle(node), 1));
    bus = new BusClient(node.vertx());
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("a purchase shows the course as sold and every status it reached, even after the course changes")
  void asSold() {
    Course course = call(CoursesApi.GET, new FindCourse("reactive-vertx"));
    UUID user = UUID.randomUUID();
    UUID purchase = UUID.randomUUID();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    started(purchase, user, course, t0);
    step(PaymentsApi.PAYMENT_SUCCEEDED, purchase, user, null, t0.plusMillis(100));
    step(PaymentsApi.PURCHASE_COMPLETED, purchase, user, null, t0.plusMillis(200));
    awaitApplied();

    PurchaseView view = call(HistoryApi.GET, new GetPurchase(user, purchase));
    assertEquals(PurchaseStatus.COMPLETED, view.status());
    assertEquals(course.price(), view.price());
    assertEquals(course.title(), view.courseTitle());
    assertEquals(List.of(new PurchaseStep(PurchaseStatus.PENDING, t0),
        new PurchaseStep(PurchaseStatus.PAID, t0.plusMillis(100)),
        new PurchaseStep(PurchaseStatus.COMPLETED, t0.plusMillis(200))), view.steps());

    Course created = call(CoursesApi.CREATE, new CourseDraft("history-" + UUID.randomUUID(), "Old title", "S", "A",
        new Money(700, "EUR"), course.level(), List.of()));
    Course published = call(CoursesApi.PUBLISH, new CourseId(created.id()));
    UUID later = UUID.randomUUID();
    started(later, user, published, Instant.now());
    call(CoursesApi.UPDATE, new UpdateCourse(created.id(), new CourseDraft(created.slug(), "New title", "S", "A",
        new Money(900, "EUR"), course.level(), List.of())));
    call(CoursesApi.UNPUBLISH, new CourseId(created.id()));
    awaitApplied();

    PurchaseView changed = call(HistoryApi.GET, new GetPurchase(user, later));
    assertEquals("Old title", changed.courseTitle());
    assertEquals(new Money(700, "EUR"), changed.price());
    assertFalse(changed.courseAvailable(), "the course was withdrawn since");
  }

  @Test
  @DisplayName("a user's purchases come newest first and paged; someone else's purchase is NOT_FOUND")
  void pagesAndOwnership() {
    Course course = call(CoursesApi.GET, new FindCourse("java-from-zero"));
    UUID ann = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    Instant t0 = Instant.now();
    List<UUID> anns = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    for (int i = 0; i < anns.size(); i++) {
      started(anns.get(i), ann, course, t0.plusSeconds(i));
    }
    UUID bobs = UUID.randomUUID();
    started(bobs, bob, course, t0);
    step(PaymentsApi.PAYMENT_FAILED, anns.get(0), ann, "card declined", t0.plusSeconds(5));
    awaitApplied();

    PurchasePage first = call(HistoryApi.LIST, new ListPurchases(ann, 1, 2));
    PurchasePage second = call(HistoryApi.LIST, new ListPurchases(ann, 2, 2));
    assertEquals(3, first.total());
    assertEquals(List.of(anns.get(2), anns.get(1)), first.items().stream().map(PurchaseView::purchaseId).toList());
    assertEquals(List.of(anns.get(0)), second.items().stream().map(PurchaseView::purchaseId).toList());
    assertEquals(PurchaseStatus.FAILED, second.items().get(0).status());
    assertEquals("card declined", second.items().get(0).reason());

    CampusException e = assertInstanceOf(CampusException.class,
        failure(bus.request(HistoryApi.GET, new GetPurchase(ann, bobs), 5_000)));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals("size", assertInstanceOf(CampusException.class,
        failure(bus.request(HistoryApi.LIST, new ListPurchases(ann, 1, 0), 5_000))).errors().get(0).field());
  }

  @Test
  @DisplayName("the view's status (positions, heads, dead letters) is for admins: none or a student is FORBIDDEN")
  void statusIsForAdmins() {
    for (Caller caller : java.util.Arrays.asList(null, TestCallers.STUDENT)) {
      assertEquals(ErrorCode.FORBIDDEN, assertInstanceOf(CampusException.class,
          failure(bus.request(HistoryApi.STATUS, new StatusQuery(), 5_000, caller))).code());
    }
  }

  @Test
  @DisplayName("an event the view cannot apply is dead-lettered and the events after it still are")
  void poison() {
    long before = call(HistoryApi.STATUS, new StatusQuery()).deadLetters();
    step(PaymentsApi.PAYMENT_SUCCEEDED, UUID.randomUUID(), UUID.randomUUID(), null, Instant.now());
    UUID user = UUID.randomUUID();
    UUID purchase = UUID.randomUUID();
    started(purchase, user, call(CoursesApi.GET, new FindCourse("java-from-zero")), Instant.now());
    awaitApplied();
    assertEquals(before + 1, call(HistoryApi.STATUS, new StatusQuery()).deadLetters());
    assertEquals(PurchaseStatus.PENDING, call(HistoryApi.GET, new GetPurchase(user, purchase)).status());
  }

  @Test
  @DisplayName("a rebuild is refused, with the view untouched, while a producer it needs does not answer")
  void rebuildNeedsProducers() {
    UUID user = UUID.randomUUID();
    started(UUID.randomUUID(), user, call(CoursesApi.GET, new FindCourse("java-from-zero")), Instant.now());
    awaitApplied();
    CampusException refused;
    join(node.undeploy(coursesDeployment)); // courses, and its replay endpoint, gone for a moment
    try {
      refused = assertInstanceOf(CampusException.class, failure(bus.request(HistoryApi.REBUILD, new Rebuild(), 10_000,
          TestCallers.ADMIN)));
    } finally {
      coursesDeployment = join(node.deploy(() -> new CoursesVerticle(node), 1));
    }
    assertEquals(ErrorCode.UNAVAILABLE, refused.code());
    assertEquals(1, call(HistoryApi.LIST, new ListPurchases(user, 1, 10)).total(), "the view was not dropped");
  }

  @Test
  @DisplayName("a rebuild from position 0 gives the same view")
  void rebuild() {
    UUID user = UUID.randomUUID();
    Course course = call(CoursesApi.GET, new FindCourse("observability"));
    for (int i = 0; i < 5; i++) {
      UUID purchase = UUID.randomUUID();
      started(purchase, user, course, Instant.now().plusMillis(i));
      step(PaymentsApi.PAYMENT_SUCCEEDED, purchase, user, null, Instant.now().plusMillis(i + 1));
    }
    awaitApplied();
    PurchasePage before = call(HistoryApi.LIST, new ListPurchases(user, 1, 10));
    ConsumerStatus rebuilt = call(HistoryApi.REBUILD, new Rebuild());
    assertEquals(rebuilt.heads(), rebuilt.positions());
    assertEquals(before, call(HistoryApi.LIST, new ListPurchases(user, 1, 10)));
  }

  @Test
  @DisplayName("while the view is rebuilt every answer comes from a whole view: no 503, no emptied or partial list")
  void rebuildKeepsAnswering() {
    UUID user = UUID.randomUUID();
    Course course = call(CoursesApi.GET, new FindCourse("secure-coding"));
    for (int i = 0; i < 3; i++) {
      started(UUID.randomUUID(), user, course, Instant.now());
    }
    // Enough history that the rebuild takes a while: 2 000 purchases of other users.
    join(payments.withTransaction(tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < 2_000; i++) {
        chain = chain.compose(v -> new Outbox(PaymentsApi.SERVICE).append(tx, PaymentsApi.PURCHASE_STARTED,
            new PurchaseStarted(UUID.randomUUID(), UUID.randomUUID(), course.id(), course.slug(), course.title(),
                course.price(), Instant.now())));
      }
      return chain;
    }));
    awaitApplied();
    PurchasePage before = call(HistoryApi.LIST, new ListPurchases(user, 1, 10));
    assertEquals(3, before.total());

    Future<ConsumerStatus> rebuild = bus.request(HistoryApi.REBUILD, new Rebuild(), 60_000, TestCallers.ADMIN);
    int answeredWhileRebuilding = 0;
    while (!rebuild.isComplete()) {
      assertEquals(before, call(HistoryApi.LIST, new ListPurchases(user, 1, 10)));
      answeredWhileRebuilding++;
    }
    ConsumerStatus rebuilt = join(rebuild);
    assertTrue(answeredWhileRebuilding > 0, "the rebuild was too quick to be watched");
    assertEquals(rebuilt.heads(), rebuilt.positions());
    assertEquals(before, call(HistoryApi.LIST, new ListPurchases(user, 1, 10)));
  }

  @Test
  @DisplayName("the consumer's position, lag and dead letters per stream are on /metrics and in /health/ready")
  void visible() throws Exception {
    awaitApplied();
    String base = "http://127.0.0.1:" + node.config().getInt("management.port", 0);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    for (String line : List.of("campus_consumer_position{consumer=\"purchase-history\",stream=\"payments\"}",
        "campus_consumer_lag{consumer=\"purchase-history\",stream=\"courses\"}",
        "campus_consumer_dead_letters{consumer=\"purchase-history\"}",
        "campus_relay_events_total{stream=\"payments\"}")) {
      assertTrue(metrics.contains(line), line + " in:\n" + metrics.lines().filter(l -> l.startsWith("campus")).toList());
    }
    String ready = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health/ready")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(ready.contains("\"id\":\"consumer.purchase-history\""), ready);
  }

  private static void started(UUID purchase, UUID user, Course course, Instant at) {
    emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(purchase, user, course.id(), course.slug(), course.title(),
        course.price(), at));
  }

  private static void step(EventType<PurchaseProgress> type, UUID purchase, UUID user, String reason, Instant at) {
    emit(type, new PurchaseProgress(purchase, user, null, reason, at));
  }

  private static <P> void emit(EventType<P> type, P payload) {
    join(payments.withTransaction(tx -> new Outbox(PaymentsApi.SERVICE).append(tx, type, payload)));
  }

  /** Until the view has applied everything both producers have committed. */
  private static void awaitApplied() {
    long courseEvents = committed(courses);
    long paymentEvents = committed(payments);
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      ConsumerStatus status = call(HistoryApi.STATUS, new StatusQuery());
      return status.positions().get(CoursesApi.SERVICE) >= courseEvents
          && status.positions().get(PaymentsApi.SERVICE) >= paymentEvents;
    });
  }

  private static long committed(Pool db) {
    return join(db.query("SELECT count(*) FROM platform.outbox").execute()).iterator().next().getLong(0);
  }

  private static <Q, R> R call(Endpoint<Q, R> endpoint, Q request) {
    return join(bus.request(endpoint, request, 10_000, TestCallers.ADMIN));
  }
}
