package io.campus.payments;

import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseQuery;
import io.campus.contracts.payments.PurchaseState;
import io.campus.contracts.payments.StartPurchase;
import io.campus.contracts.users.Registration;
import io.campus.contracts.users.UsersApi;
import io.campus.courses.CoursesVerticle;
import io.campus.platform.bus.BusClient;
import io.campus.platform.db.LeftoverPostgres;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.ChildJvm;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestCluster;
import io.campus.platform.testing.TestNodes;
import io.campus.sandbox.SandboxVerticle;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * payments.jar in its own clustered JVM, with courses, users and the sandbox processor in this test's JVM: killed
 * with kill -9 while purchases are in flight and restarted, every purchase reaches a final state and the processor
 * holds exactly one successful charge per paid purchase and none for the others.
 */
class PaymentsCrashIT {

  private static final Path JAR = Path.of("target", "payments.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long DECLINED_AMOUNT = 2900;

  @TempDir
  static Path dir;
  private static TestCluster cluster;
  private static CampusNode member;
  private static BusClient bus;
  private static String sandbox;
  private static ChildJvm child;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.create(dir, "campus-it-payments", 5991, 2);
    member = TestNodes.start(TestNodes.config(dir.resolve("member"), Map.of("node.name", "it-member",
        "consumer.catch.up.ms", "500")), cluster.newManager());
    int sandboxPort = TestNodes.freePort();
    sandbox = "http://127.0.0.1:" + sandboxPort;
    join(member.deploy(() -> new SandboxVerticle("127.0.0.1", sandboxPort), 1));
    join(member.deploy(() -> new CoursesVerticle(member), 1));
    join(member.deploy(() -> new UsersVerticle(member), 1));
    bus = new BusClient(member.vertx());
    settings(new JsonObject().put("latencyMs", 300).put("declineAmounts", new JsonArray().add(DECLINED_AMOUNT)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (child != null) {
      child.close();
    }
    TestNodes.close(member);
    LeftoverPostgres.stop(dir.resolve("child/payments/postgres"));
  }

  @Test
  @DisplayName("kill -9 with purchases in flight: all reach a final state, each paid one charged exactly once")
  void crashSafe() throws Exception {
    child = startChild("first.log");
    List<Course> courses = join(bus.request(CoursesApi.LIST, new ListCourses(null, null, 1, 12), 5_000)).items();
    Map<UUID, UUID> purchases = new LinkedHashMap<>(); // purchase -> user
    Map<UUID, Long> amounts = new LinkedHashMap<>();
    for (Course course : courses) {
      UUID user = join(bus.request(UsersApi.REGISTER, new Registration("crash-" + UUID.randomUUID() + "@example.org",
          "correct horse battery", "Crash"), 10_000)).id();
      PurchaseState started = startWhenPriced(new StartPurchase(user, course.id(), "crash-" + course.slug()));
      purchases.put(started.purchaseId(), user);
      amounts.put(started.purchaseId(), course.price().amount());
    }
    child.kill();

    child = startChild("second.log");
    await().atMost(Duration.ofSeconds(60)).until(() -> purchases.entrySet().stream().allMatch(p ->
        Set.of("COMPLETED", "FAILED", "REFUNDED").contains(status(p.getValue(), p.getKey()))));

    JsonObject charged = stats().getJsonObject("succeededChargesByReference");
    for (UUID purchase : purchases.keySet()) {
      String status = status(purchases.get(purchase), purchase);
      boolean declined = amounts.get(purchase) == DECLINED_AMOUNT;
      assertEquals(declined ? "FAILED" : "COMPLETED", status, purchase.toString());
      assertEquals(declined ? 0 : 1, charged.getInteger(purchase.toString(), 0), "charges of " + purchase);
    }
    assertTrue(amounts.values().stream().anyMatch(a -> a == DECLINED_AMOUNT), "some were declined");
  }

  /** The payments price list fills from course events after start: until then a course is unknown. */
  private static PurchaseState startWhenPriced(StartPurchase request) {
    PurchaseState[] started = new PurchaseState[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      try {
        started[0] = join(bus.request(PaymentsApi.START, request, 5_000, TestCallers.user(request.userId())));
        return true;
      } catch (CampusException notYet) {
        return false;
      }
    });
    return started[0];
  }

  private static String status(UUID user, UUID purchase) {
    try {
      return join(bus.request(PaymentsApi.GET, new PurchaseQuery(user, purchase), 2_000)).status().name();
    } catch (CampusException down) {
      return "UNKNOWN";
    }
  }

  private static ChildJvm startChild(String log) {
    return ChildJvm.startService(JAR, "payments", cluster, dir.resolve("child"), Map.of(
        "CAMPUS_PAYMENTS_PROCESSOR_URL", sandbox,
        "CAMPUS_PAYMENTS_RETRY_MAX_SECONDS", "1",
        "CAMPUS_CONSUMER_CATCH_UP_MS", "500"), List.of(), dir.resolve(log));
  }

  private static void settings(JsonObject settings) throws Exception {
    HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + "/admin/settings"))
        .PUT(HttpRequest.BodyPublishers.ofString(settings.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject stats() throws Exception {
    return new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + "/admin/stats")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }
}
