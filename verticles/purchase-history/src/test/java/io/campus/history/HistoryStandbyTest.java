package io.campus.history;

import io.campus.contracts.Money;
import io.campus.contracts.events.EventType;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.history.Rebuild;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.courses.CoursesVerticle;
import io.campus.platform.bus.BusClient;
import io.campus.platform.db.Outbox;
import io.campus.platform.events.EventStream;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.CapturedLogs;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestNodes;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A standby that started before any event was projected, promoted when the active projector goes: it continues from
 * where the active one stopped (not from its own start), never dead-letters what was already applied, and its view
 * is the one a rebuild gives.
 */
class HistoryStandbyTest {

  private static CapturedLogs complaints;

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static Pool payments;
  private static Pool view;

  @BeforeAll
  static void start() {
    complaints = CapturedLogs.of("io.campus.platform.events", Level.WARNING);
    node = TestNodes.start(TestNodes.config(dataDir, Map.of("consumer.catch.up.ms", "300")));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    payments = join(node.databases().open(PaymentsApi.SERVICE));
    join(EventStream.start(node, PaymentsApi.SERVICE, payments));
    view = join(node.databases().open(HistoryApi.SERVICE));
  }

  @AfterAll
  static void stop() {
    complaints.close();
    TestNodes.close(node);
  }

  @Test
  @DisplayName("a standby promoted after the active projector goes continues where it stopped, and equals a rebuild")
  void promotedStandby() {
    String active = join(node.deploy(() -> new HistoryVerticle(node), 1));
    UUID course = UUID.randomUUID();
    purchase(course);
    long first = committed();
    await().atMost(Duration.ofSeconds(15)).until(() -> checkpoint() >= first); // the first instance projects
    join(node.deploy(() -> new HistoryVerticle(node), 1)); // the standby: its checkpoints are read now

    for (int i = 0; i < 19; i++) {
      purchase(course);
    }
    long head = committed();
    await().atMost(Duration.ofSeconds(15)).until(() -> checkpoint() >= head);

    join(node.undeploy(active)); // the active one goes; the standby takes the lock
    for (int i = 0; i < 5; i++) {
      purchase(course);
    }
    long later = committed();
    await().atMost(Duration.ofSeconds(15)).until(() -> checkpoint() >= later);

    assertEquals(0L, count("SELECT count(*) FROM platform.dead_letter"), "nothing was dead-lettered");
    assertTrue(complaints.lines().isEmpty(), "the promoted standby re-applied nothing: " + complaints.lines());
    List<String> promoted = snapshot();
    assertEquals(25, promoted.size());
    join(new BusClient(node.vertx()).request(HistoryApi.REBUILD, new Rebuild(), 30_000, TestCallers.ADMIN));
    assertEquals(promoted, snapshot(), "the same view as a rebuild from position 0");
  }

  /** One purchase through its three steps. */
  private static void purchase(UUID course) {
    UUID id = UUID.randomUUID();
    UUID user = UUID.randomUUID();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    emit(PaymentsApi.PURCHASE_STARTED, new PurchaseStarted(id, user, course, "c", "C", new Money(100, "EUR"), at));
    step(PaymentsApi.PAYMENT_SUCCEEDED, id, user, at.plusMillis(1));
    step(PaymentsApi.PURCHASE_COMPLETED, id, user, at.plusMillis(2));
  }

  private static void step(EventType<PurchaseProgress> type, UUID purchase, UUID user, Instant at) {
    emit(type, new PurchaseProgress(purchase, user, null, null, at));
  }

  private static <P> void emit(EventType<P> type, P payload) {
    join(payments.withTransaction(tx -> new Outbox(PaymentsApi.SERVICE).append(tx, type, payload)));
  }

  private static long committed() {
    return join(payments.query("SELECT count(*) FROM platform.outbox").execute()).iterator().next().getLong(0);
  }

  private static long checkpoint() {
    return count("SELECT coalesce(max(position), 0) FROM platform.checkpoint WHERE stream = 'payments'");
  }

  private static long count(String sql) {
    return join(view.query(sql).execute()).iterator().next().getLong(0);
  }

  private static List<String> snapshot() {
    List<String> rows = new ArrayList<>();
    for (Row row : join(view.query("SELECT purchase_id, status, updated_at FROM purchase ORDER BY purchase_id")
        .execute())) {
      rows.add(row.getUUID(0) + " " + row.getString(1) + " " + row.getOffsetDateTime(2).toInstant());
    }
    return rows;
  }
}
