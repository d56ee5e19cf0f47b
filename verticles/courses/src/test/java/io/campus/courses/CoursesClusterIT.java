package io.campus.courses;

import io.campus.contracts.Money;
import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.CourseId;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.FindCourse;
import io.campus.contracts.courses.Level;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.platform.auth.Caller;
import io.campus.platform.bus.BusClient;
import io.campus.platform.db.LeftoverPostgres;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.ChildJvm;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestCluster;
import io.campus.platform.testing.TestNodes;
import io.vertx.servicediscovery.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The courses fat jar in a JVM of its own, clustered with this test's JVM over Hazelcast on loopback: requests
 * cross the processes, a {@code kill -9} is noticed, its record is reaped, and a restart on the same data
 * directory takes over the PostgreSQL the dead process left and loses nothing.
 */
class CoursesClusterIT {

  private static final Path JAR = Path.of("target", "courses.jar");
  private static final Pattern READY = Pattern.compile("courses ready in \\d+ ms \\(.*; node ([0-9a-f-]+)\\)");

  @TempDir
  static Path dir;
  private static TestCluster cluster;
  private static CampusNode member;
  private static BusClient bus;
  private static ChildJvm child;

  @BeforeAll
  static void joinCluster() {
    cluster = TestCluster.create(dir, "campus-it-courses", 5931, 2);
    member = TestNodes.start(TestNodes.config(dir.resolve("member"), Map.of("node.name", "it-member")),
        cluster.newManager());
    bus = new BusClient(member.vertx());
  }

  @AfterAll
  static void leave() throws Exception {
    if (child != null) {
      child.close();
    }
    TestNodes.close(member);
    LeftoverPostgres.stop(childPostgres());
  }

  @Test
  @DisplayName("kill -9 of the courses JVM: calls fail fast and typed, its record is reaped, a restart loses nothing")
  void crossProcessLifecycle() {
    child = startChild("first.log");
    String childNode = nodeIdOf(child);
    assertTrue(child.output().contains("the clustered event bus is neither encrypted nor authenticated"),
        "without TLS material a clustered JVM says so");

    // A request crosses the processes, and the record names the child's cluster node.
    assertTrue(join(bus.request(CoursesApi.LIST, new ListCourses(null, null, 1, 5), 5_000)).total() >= 12);
    await().atMost(Duration.ofSeconds(10)).until(() -> coursesRecord().isPresent());
    assertEquals(childNode, coursesRecord().orElseThrow().getMetadata().getString("nodeId"));

    // Another member of the cluster, without the admin role, is refused by courses itself (not only by a BFF).
    String slug = "survivor-" + UUID.randomUUID();
    CourseDraft draft = new CourseDraft(slug, "Written before the crash", "Must survive kill -9", "Ops",
        new Money(100, "EUR"), Level.BEGINNER, List.of());
    for (Caller notAdmin : Arrays.asList(null, TestCallers.STUDENT)) {
      CampusException refused = assertInstanceOf(CampusException.class,
          failure(bus.request(CoursesApi.CREATE, draft, 5_000, notAdmin)));
      assertEquals(ErrorCode.FORBIDDEN, refused.code(), refused.detail());
    }
    assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(CampusException.class,
        failure(bus.request(CoursesApi.GET, new FindCourse(slug), 5_000))).code(), "nothing was written");

    Course created = join(bus.request(CoursesApi.CREATE, draft, 5_000, TestCallers.ADMIN));
    join(bus.request(CoursesApi.PUBLISH, new CourseId(created.id()), 5_000, TestCallers.ADMIN));

    child.kill();

    // Once the cluster has seen the member go, a call fails at once with the typed error, not a timeout.
    await().atMost(Duration.ofSeconds(15)).until(() -> failure(bus.request(CoursesApi.LIST,
        new ListCourses(null, null, 1, 5), 1_000)) instanceof CampusException e && e.code() == ErrorCode.UNAVAILABLE);
    CampusException down = assertInstanceOf(CampusException.class,
        failure(bus.request(CoursesApi.GET, new FindCourse(slug), 10_000)));
    assertEquals(ErrorCode.UNAVAILABLE, down.code(), "no handlers: answered without waiting for the 10 s timeout");
    await().atMost(Duration.ofSeconds(30)).until(() -> coursesRecord().isEmpty());

    // Restart on the same data directory: the orphaned PostgreSQL is taken over, the committed course is there.
    child = startChild("second.log");
    assertTrue(child.output().contains("was left running"), "the orphan was found and stopped");
    assertEquals("Written before the crash", join(bus.request(CoursesApi.GET, new FindCourse(slug), 5_000)).title());
    await().atMost(Duration.ofSeconds(10)).until(() -> coursesRecord()
        .map(r -> r.getMetadata().getString("nodeId").equals(nodeIdOf(child))).orElse(false));

    // A clean stop (SIGTERM, as Ctrl-C) removes the record itself and stops PostgreSQL.
    assertEquals(143, child.terminate(Duration.ofSeconds(30)), "exit status of a JVM ended by SIGTERM");
    await().atMost(Duration.ofSeconds(5)).until(() -> coursesRecord().isEmpty());
    assertFalse(Files.exists(childPostgres().resolve("postmaster.pid")), "embedded PostgreSQL stopped");
  }

  private static ChildJvm startChild(String log) {
    return ChildJvm.startService(JAR, "courses", cluster, dir.resolve("child"), Map.of(), List.of(), dir.resolve(log));
  }

  private static String nodeIdOf(ChildJvm jvm) {
    Matcher m = READY.matcher(jvm.output());
    assertTrue(m.find(), jvm.output());
    return m.group(1);
  }

  private static Optional<Record> coursesRecord() {
    return join(member.discovery().getRecords(r -> CoursesApi.SERVICE.equals(r.getName()))).stream().findFirst();
  }

  private static Path childPostgres() {
    return dir.resolve("child").resolve("courses").resolve("postgres");
  }
}
