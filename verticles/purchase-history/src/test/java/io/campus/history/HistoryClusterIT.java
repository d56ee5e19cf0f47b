package io.campus.history;

import io.campus.contracts.Endpoint;
import io.campus.contracts.Money;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.events.ConsumerStatus;
import io.campus.contracts.events.EventType;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.history.ListPurchases;
import io.campus.contracts.history.PurchaseView;
import io.campus.contracts.history.Rebuild;
import io.campus.contracts.history.StatusQuery;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.platform.bus.BusClient;
import io.campus.platform.db.LeftoverPostgres;
import io.campus.platform.db.Outbox;
import io.campus.platform.events.EventStream;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.ChildJvm;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestCluster;
import io.campus.platform.testing.TestNodes;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Producer and consumer in separate clustered JVMs: this test's JVM produces payments events through a real outbox
 * and relay; purchase-history.jar consumes them. The consumer is killed with kill -9 mid-stream while production goes
 * on, and restarted: its view must end equal to a rebuild from position 0, and to what was produced.
 */
class HistoryClusterIT {

  private static final Path JAR = Path.of("target", "purchase-history.jar");
  private static final int PURCHASES = 240;

  @TempDir
  static Path dir;
  private static TestCluster cluster;
  private static CampusNode member;
  private static Pool payments;
  private static BusClient bus;
  private static ChildJvm child;

  @BeforeAll
  static void start() {
    cluster = TestCluster.create(dir, "campus-it-history", 5951, 3);
    member = TestNodes.start(TestNodes.config(dir.resolve("member"), Map.of("node.name", "payments-producer")),
        cluster.newManager());
    payments = join(member.databases().open(PaymentsApi.SERVICE));
    join(EventStream.start(member, PaymentsApi.SERVICE, payments));
    // The view follows courses too; an empty courses stream lets a rebuild read every stream it follows.
    join(EventStream.start(member, CoursesApi.SERVICE, join(member.databases().open(CoursesApi.SERVICE))));
    bus = new BusClient(member.vertx());
  }

  @AfterAll
  static void stop() throws Exception {
    if (child != null) {
      child.close();
    }
    TestNodes.close(member);
    LeftoverPostgres.stop(dir.resolve("child/purchase-history/postgres"));
  }

  @Test
  @DisplayName("kill -9 of the consumer mid-stream, production goes on, restart: the view equals a rebuild from zero")
  void survivesKill() throws Exception {
    List<UUID> users = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    child = startChild("first.log");
    CompletableFuture<Map<UUID, String>> producing = CompletableFuture.supplyAsync(() -> produce(users));

    await().atMost(Duration.ofSeconds(60)).until(() -> position() > PURCHASES / 2);
    child.kill();
    Map<UUID, String> expected = producing.get();

    child = startChild("second.log");
    long head = committed();
    await().atMost(Duration.ofSeconds(60)).until(() -> position() == head);
    Map<UUID, String> afterRestart = view(users);
    assertEquals(expected, afterRestart, "every purchase with its final status, none twice");

    ConsumerStatus rebuilt = join(bus.request(HistoryApi.REBUILD, new Rebuild(), 60_000, TestCallers.ADMIN));
    assertEquals(head, rebuilt.positions().get(PaymentsApi.SERVICE));
    assertEquals(afterRestart, view(users), "equal to a rebuild from position 0");
    assertEquals(0, rebuilt.deadLetters());

    // The same from the command line: java -jar purchase-history.jar --rebuild.
    assertEquals(143, child.terminate(Duration.ofSeconds(30)));
    child = startChild("third.log", "--rebuild");
    child.awaitOutput("rebuilt from position 0", Duration.ofSeconds(60));
    assertEquals(afterRestart, view(users));
    assertEquals(143, child.terminate(Duration.ofSeconds(30)));
    child = null;
  }

  @Test
  @DisplayName("a standby started on an empty view, promoted by kill -9 of the active JVM mid-stream, equals a rebuild")
  void standbyPromoted() throws Exception {
    // Two instances sharing one view database (hosted by this JVM), as the instances of a service share its database.
    join(member.databases().open(HistoryApi.SERVICE));
    PgConnectOptions db = join(member.databases().connectOptions(HistoryApi.SERVICE));
    Map<String, String> shared = Map.of("CAMPUS_CONSUMER_CATCH_UP_MS", "500", "CAMPUS_PURCHASE_HISTORY_DB_URL",
        "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/"
            + db.getDatabase());
    List<UUID> users = List.of(UUID.randomUUID(), UUID.randomUUID());
    try (ChildJvm active = ChildJvm.startService(JAR, "purchase-history", cluster, dir.resolve("active"), shared,
        List.of(), dir.resolve("active.log"))) {
      active.awaitOutput("is the active projector", Duration.ofSeconds(30));
      // Started now, the standby's checkpoints are those of an empty view; the active instance moves on from there.
      try (ChildJvm standby = ChildJvm.startService(JAR, "purchase-history", cluster, dir.resolve("standby"), shared,
          List.of(), dir.resolve("standby.log"))) {
        long from = position();
        CompletableFuture<Map<UUID, String>> producing = CompletableFuture.supplyAsync(() -> produce(users));
        await().atMost(Duration.ofSeconds(60)).until(() -> position() > from + PURCHASES);
        active.kill();
        Map<UUID, String> expected = producing.get();

        standby.awaitOutput("is the active projector", Duration.ofSeconds(30));
        long head = committed();
        await().atMost(Duration.ofSeconds(60)).until(() -> position() == head);
        Map<UUID, String> promoted = view(users);
        assertEquals(expected, promoted, "every purchase with its final status, none twice");
        assertEquals(0, join(bus.request(HistoryApi.STATUS, new StatusQuery(), 5_000, TestCallers.ADMIN)).deadLetters());
        join(bus.request(HistoryApi.REBUILD, new Rebuild(), 60_000, TestCallers.ADMIN));
        assertEquals(promoted, view(users), "equal to a rebuild from position 0");
      }
    }
  }

  /** Each purchase starts; even ones complete, odd ones fail. Returns the final status of each. */
  private static Map<UUID, String> produce(List<UUID> users) {
    Map<UUID, String> finals = new TreeMap<>();
    for (int i = 0; i < PURCHASES; i++) {
      UUID purchase = UUID.randomUUID();
      UUID user = users.get(i % users.size());
      Instant at = Instant.now();
      emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(purchase, user, UUID.randomUUID(), "c-" + i, "Course " + i,
          new Money(100 + i, "EUR"), at));
      if (i % 2 == 0) {
        emit(PaymentsApi.PAYMENT_SUCCEEDED, new PurchaseProgress(purchase, user, null, null, at.plusMillis(1)));
        emit(PaymentsApi.PURCHASE_COMPLETED, new PurchaseProgress(purchase, user, null, null, at.plusMillis(2)));
        finals.put(purchase, "COMPLETED");
      } else {
        emit(PaymentsApi.PAYMENT_FAILED, new PurchaseProgress(purchase, user, null, "declined", at.plusMillis(1)));
        finals.put(purchase, "FAILED");
      }
    }
    return finals;
  }

  private static <P> void emit(EventType<P> type, P payload) {
    join(payments.withTransaction(tx -> new Outbox(PaymentsApi.SERVICE).append(tx, type, payload)));
  }

  private static Map<UUID, String> view(List<UUID> users) {
    Map<UUID, String> view = new TreeMap<>();
    for (UUID user : users) {
      for (int page = 1; ; page++) {
        List<PurchaseView> items = call(HistoryApi.LIST, new ListPurchases(user, page, 100)).items();
        items.forEach(p -> view.merge(p.purchaseId(), p.status() + "/" + p.steps().size(), (a, b) -> "TWICE"));
        if (items.size() < 100) {
          break;
        }
      }
    }
    view.replaceAll((id, statusAndSteps) -> statusAndSteps.equals("COMPLETED/3") ? "COMPLETED"
        : statusAndSteps.equals("FAILED/2") ? "FAILED" : statusAndSteps);
    return view;
  }

  private static long position() {
    try {
      return join(bus.request(HistoryApi.STATUS, new StatusQuery(), 2_000, TestCallers.ADMIN)).positions().get(PaymentsApi.SERVICE);
    } catch (RuntimeException notUpYet) {
      return -1;
    }
  }

  private static long committed() {
    return join(payments.query("SELECT count(*) FROM platform.outbox").execute()).iterator().next().getLong(0);
  }

  private static ChildJvm startChild(String log, String... flags) {
    return ChildJvm.startService(JAR, "purchase-history", cluster, dir.resolve("child"),
        Map.of("CAMPUS_CONSUMER_CATCH_UP_MS", "500"), List.of(flags), dir.resolve(log));
  }

  private static <Q, R> R call(Endpoint<Q, R> endpoint, Q request) {
    return join(bus.request(endpoint, request, 10_000));
  }
}
