package io.campus.courses;

import io.campus.contracts.Money;
import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.CourseId;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.Level;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.events.EventsApi;
import io.campus.platform.bus.BusClient;
import io.campus.platform.db.LeftoverPostgres;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.ChildJvm;
import io.campus.platform.testing.ClusterCertificates;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestCluster;
import io.campus.platform.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clustered bus over mutual TLS, across processes: courses.jar (PKCS#12 material) and a member in this JVM (PEM
 * material, the same CA) talk; a member without TLS, and one with a certificate from another CA, join Hazelcast but
 * can neither call courses nor receive what the cluster publishes.
 */
class ClusterTlsIT {

  private static final Path JAR = Path.of("target", "courses.jar");

  @TempDir
  static Path dir;
  private static TestCluster cluster;
  private static CampusNode trusted;
  private static final List<CampusNode> strangers = new ArrayList<>();
  private static ChildJvm child;

  @BeforeAll
  static void startCluster() {
    ClusterCertificates ca = ClusterCertificates.create(dir.resolve("ca"), "campus-it-ca");
    ClusterCertificates otherCa = ClusterCertificates.create(dir.resolve("other-ca"), "someone-else");
    cluster = TestCluster.create(dir, "campus-it-tls", 6031, 4);

    child = ChildJvm.startService(JAR, "courses", cluster, dir.resolve("child"), Map.of(
            "CAMPUS_CLUSTER_TLS_KEYSTORE", ca.node("courses").toString(),
            "CAMPUS_CLUSTER_TLS_TRUSTSTORE", ca.truststore().toString(),
            "CAMPUS_CLUSTER_TLS_PASSWORD", ClusterCertificates.PASSWORD),
        List.of(), dir.resolve("courses.log"));
    trusted = member("trusted", Map.of("cluster.tls.keystore", ca.nodePem("trusted").toString(),
        "cluster.tls.truststore", ca.caPem().toString()));
    strangers.add(member("no-tls", Map.of()));
    strangers.add(member("other-ca", Map.of("cluster.tls.keystore", otherCa.node("other").toString(),
        "cluster.tls.truststore", otherCa.truststore().toString(),
        "cluster.tls.password", ClusterCertificates.PASSWORD)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (child != null) {
      child.close();
    }
    strangers.forEach(TestNodes::close);
    TestNodes.close(trusted);
    LeftoverPostgres.stop(dir.resolve("child").resolve("courses").resolve("postgres"));
  }

  @Test
  @DisplayName("members with the cluster's certificates talk; members without them reach no service and hear nothing")
  void onlyTrustedMembers() {
    assertFalse(child.output().contains("neither encrypted nor authenticated"), "no warning with TLS configured");
    BusClient trustedBus = new BusClient(trusted.vertx());
    // A request crosses the processes over TLS (the first one pays for the handshake).
    assertTrue(join(trustedBus.request(CoursesApi.LIST, new ListCourses(null, null, 1, 5), 10_000)).total() >= 12);

    AtomicInteger heardByTrusted = new AtomicInteger();
    join(trusted.vertx().eventBus().consumer(EventsApi.live(CoursesApi.SERVICE), m -> heardByTrusted.incrementAndGet())
        .completion());
    List<AtomicInteger> heardByStrangers = new ArrayList<>();
    for (CampusNode stranger : strangers) {
      AtomicInteger heard = new AtomicInteger();
      heardByStrangers.add(heard);
      join(stranger.vertx().eventBus().consumer(EventsApi.live(CoursesApi.SERVICE), m -> heard.incrementAndGet())
          .completion());
      CampusException refused = assertInstanceOf(CampusException.class, failure(new BusClient(stranger.vertx())
          .request(CoursesApi.LIST, new ListCourses(null, null, 1, 5), 3_000)));
      assertTrue(refused.code() == ErrorCode.TIMEOUT || refused.code() == ErrorCode.UNAVAILABLE, refused.toString());
    }

    // Courses publishes a course event to the whole cluster: the trusted member hears it, the strangers never.
    Course created = join(trustedBus.request(CoursesApi.CREATE, new CourseDraft("tls-" + UUID.randomUUID(), "Sealed",
        "Only for the cluster", "Ops", new Money(100, "EUR"), Level.BEGINNER, List.of()), 10_000, TestCallers.ADMIN));
    join(trustedBus.request(CoursesApi.PUBLISH, new CourseId(created.id()), 10_000, TestCallers.ADMIN));
    await().atMost(Duration.ofSeconds(15)).until(() -> heardByTrusted.get() >= 1); // its course.published
    heardByStrangers.forEach(heard -> assertEquals(0, heard.get(), "a stranger received a cluster event"));
  }

  private static CampusNode member(String name, Map<String, String> tls) {
    Map<String, String> config = new HashMap<>(tls);
    config.put("node.name", name);
    return TestNodes.start(TestNodes.config(dir.resolve(name), config), cluster.newManager());
  }
}
