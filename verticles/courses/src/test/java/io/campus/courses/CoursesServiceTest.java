package io.campus.courses;

import io.campus.contracts.Money;
import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.CourseId;
import io.campus.contracts.courses.CoursePage;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.FindCourse;
import io.campus.contracts.courses.Level;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.courses.UpdateCourse;
import io.campus.contracts.error.BusFailures;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.error.FieldError;
import io.campus.courses.catalog.DemoCatalog;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.campus.platform.testing.TestCallers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The courses service on the bus, against its real PostgreSQL database. */
class CoursesServiceTest {

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static BusClient bus;
  private static Pool db;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of()));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    bus = new BusClient(node.vertx());
    db = join(node.databases().open(CoursesApi.SERVICE));
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("a new database starts with the whole demo catalog published, and an event for each course")
  void seeded() {
    CoursePage all = call(CoursesApi.LIST, new ListCourses(null, null, 1, 100));
    List<String> slugs = all.items().stream().map(Course::slug).toList();
    DemoCatalog.courses().forEach(demo -> assertTrue(slugs.contains(demo.slug()), demo.slug()));
    assertTrue(DemoCatalog.courses().size() >= 12);
    assertTrue(all.items().stream().allMatch(Course::published));
    assertTrue(eventCount("course.published") >= DemoCatalog.courses().size());
  }

  @Test
  @DisplayName("text search finds words in title and summary, stemmed; the tag filter and pages combine")
  void searchAndPages() {
    List<String> found = slugs(call(CoursesApi.LIST, new ListCourses("indexes", null, 1, 20)));
    assertEquals(List.of("postgresql-essentials"), found);
    assertTrue(slugs(call(CoursesApi.LIST, new ListCourses("test", null, 1, 20))).contains("testing-microservices"),
        "'test' finds 'Testing'");

    CoursePage first = call(CoursesApi.LIST, new ListCourses(null, "java", 1, 2));
    CoursePage second = call(CoursesApi.LIST, new ListCourses(null, "java", 2, 2));
    assertEquals(3, first.total());
    assertEquals(2, first.items().size());
    assertEquals(1, second.items().size());
    assertTrue(second.items().stream().noneMatch(first.items()::contains), "pages do not overlap");
    assertTrue(call(CoursesApi.LIST, new ListCourses(null, "java", 9, 2)).items().isEmpty());
  }

  @Test
  @DisplayName("a page number below 1 or a page size over the cap is a VALIDATION error naming it")
  void badPaging() {
    assertEquals("page", invalidField(CoursesApi.LIST, new ListCourses(null, null, 0, 20)));
    assertEquals("size", invalidField(CoursesApi.LIST, new ListCourses(null, null, 1, ListCourses.MAX_SIZE + 1)));
  }

  @Test
  @DisplayName("a published course is found by slug; an unknown slug is NOT_FOUND")
  void getBySlug() {
    Course course = call(CoursesApi.GET, new FindCourse("reactive-vertx"));
    assertEquals("Reactive Services with Vert.x", course.title());
    assertEquals(new Money(5900, "EUR"), course.price());
    assertEquals(ErrorCode.NOT_FOUND, error(CoursesApi.GET, new FindCourse("no-such-course")).code());
  }

  @Test
  @DisplayName("an invalid draft is refused with every field at fault, and nothing is stored")
  void invalidDraft() {
    long before = courseCount();
    CampusException e = error(CoursesApi.CREATE,
        new CourseDraft("Bad Slug!", " ", "ok", "Ann", new Money(-5, "EURO"), null, List.of("Java")));
    assertEquals(ErrorCode.VALIDATION, e.code());
    assertEquals(List.of("slug", "title", "price.amount", "price.currency", "level", "tags"),
        e.errors().stream().map(FieldError::field).toList());
    assertEquals(before, courseCount());
  }

  @Test
  @DisplayName("wrong JSON types on the bus are a VALIDATION error naming the field")
  void wrongTypes() {
    JsonObject draft = io.campus.contracts.Json.encode(draft("typed-" + UUID.randomUUID()));
    draft.getJsonObject("price").put("amount", "free");
    Throwable failure = failure(node.vertx().eventBus().request(CoursesApi.CREATE.address(), draft)
        .recover(t -> Future.failedFuture(BusFailures.toCampus(t, CoursesApi.CREATE.address()))));
    CampusException e = assertInstanceOf(CampusException.class, failure);
    assertEquals(List.of(new FieldError("price.amount", "expected an integer")), e.errors());
  }

  @Test
  @DisplayName("a taken slug is a CONFLICT and the second course is not stored")
  void duplicateSlug() {
    String slug = "dup-" + UUID.randomUUID();
    call(CoursesApi.CREATE, draft(slug));
    long before = courseCount();
    assertEquals(ErrorCode.CONFLICT, error(CoursesApi.CREATE, draft(slug)).code());
    assertEquals(before, courseCount());
  }

  @Test
  @DisplayName("a course is hidden until published, each change writes its event, repeats change nothing")
  void lifecycle() {
    String slug = "life-" + UUID.randomUUID();
    Course created = call(CoursesApi.CREATE, draft(slug));
    assertFalse(created.published());
    assertEquals(ErrorCode.NOT_FOUND, error(CoursesApi.GET, new FindCourse(slug)).code());
    assertEquals(0, eventsFor(created.id()));

    assertTrue(call(CoursesApi.PUBLISH, new CourseId(created.id())).published());
    assertEquals(slug, call(CoursesApi.GET, new FindCourse(slug)).slug());
    call(CoursesApi.PUBLISH, new CourseId(created.id()));
    assertEquals(1, eventsFor(created.id()), "publishing twice emits once");

    CourseDraft renamed = new CourseDraft(slug, "Renamed course", "Still about lifecycles", "Bea",
        new Money(1500, "EUR"), Level.ADVANCED, List.of("lifecycle"));
    assertEquals("Renamed course", call(CoursesApi.UPDATE, new UpdateCourse(created.id(), renamed)).title());
    assertEquals("Renamed course", call(CoursesApi.GET, new FindCourse(slug)).title());

    call(CoursesApi.UNPUBLISH, new CourseId(created.id()));
    assertEquals(ErrorCode.NOT_FOUND, error(CoursesApi.GET, new FindCourse(slug)).code());
    assertEquals(List.of("course.published", "course.updated", "course.unpublished"), eventTypesFor(created.id()));
  }

  @Test
  @DisplayName("updating or publishing an unknown course is NOT_FOUND")
  void unknownCourse() {
    UUID nobody = UUID.randomUUID();
    assertEquals(ErrorCode.NOT_FOUND, error(CoursesApi.PUBLISH, new CourseId(nobody)).code());
    assertEquals(ErrorCode.NOT_FOUND, error(CoursesApi.UPDATE, new UpdateCourse(nobody, draft("x-" + nobody))).code());
  }

  @Test
  @DisplayName("the node is ready: database reachable and the courses record published with this node's id")
  void readyAndDiscoverable() throws Exception {
    HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + node.config().getInt("management.port", 0) + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("courses.db") && ready.body().contains("courses.discovery"), ready.body());

    var record = join(node.discovery().getRecord(r -> CoursesApi.SERVICE.equals(r.getName())));
    assertEquals(node.identity().nodeId(), record.getMetadata().getString("nodeId"));
  }

  private static CourseDraft draft(String slug) {
    return new CourseDraft(slug, "A course for tests", "Covers what the test needs", "Test Author",
        new Money(1000, "EUR"), Level.BEGINNER, List.of("test-only"));
  }

  private static <Q, R> R call(io.campus.contracts.Endpoint<Q, R> endpoint, Q request) {
    return join(bus.request(endpoint, request, 5_000, TestCallers.ADMIN));
  }

  private static <Q, R> CampusException error(io.campus.contracts.Endpoint<Q, R> endpoint, Q request) {
    return assertInstanceOf(CampusException.class, failure(bus.request(endpoint, request, 5_000, TestCallers.ADMIN)));
  }

  private static <Q, R> String invalidField(io.campus.contracts.Endpoint<Q, R> endpoint, Q request) {
    CampusException e = error(endpoint, request);
    assertEquals(ErrorCode.VALIDATION, e.code());
    return e.errors().get(0).field();
  }

  private static List<String> slugs(CoursePage page) {
    return page.items().stream().map(Course::slug).toList();
  }

  private static long courseCount() {
    return join(db.query("SELECT count(*) FROM course").execute()).iterator().next().getLong(0);
  }

  private static long eventCount(String type) {
    return join(db.preparedQuery("SELECT count(*) FROM platform.outbox WHERE type = $1").execute(Tuple.of(type)))
        .iterator().next().getLong(0);
  }

  private static long eventsFor(UUID courseId) {
    return eventTypesFor(courseId).size();
  }

  private static List<String> eventTypesFor(UUID courseId) {
    return join(db.preparedQuery("SELECT type FROM platform.outbox WHERE payload->>'id' = $1 ORDER BY id")
        .execute(Tuple.of(courseId.toString()))).stream().map(r -> r.getString(0)).toList();
  }
}
