package io.campus.payments.saga;

import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.payments.PurchaseStatus;
import io.campus.platform.db.Outbox;
import io.campus.platform.node.CampusNode;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Purchases that have waited too long in a step: {@code PENDING} longer than {@code payments.stuck.pending.seconds}
 * (the processor keeps not answering) and {@code PAID} longer than {@code payments.stuck.paid.seconds} (the
 * enrollment step did not come back: a dead letter in users or in payments, a consumer down). Counted every
 * {@code payments.stuck.check.ms} into {@code campus_purchases_stuck{status}} and reported by the readiness check
 * {@code payments.stuck}, which stays UP: a stuck purchase needs healing, not a restart.
 *
 * <p>The PAID ones are re-driven: their {@code payment.succeeded} is emitted again, by one instance (the row is
 * stamped in the same transaction), after {@code payments.stuck.paid.seconds}, then twice as long after each time
 * (at most 64 times as long). Users answers
 * a purchase the same way however often it is asked (granted again if this purchase enrolled the user), so the
 * answer payments missed comes back; the other consumers take the repeated fact as a no-op.
 */
public final class StuckPurchases {

  /** PENDING and PAID are stuck after these many seconds (SQL intervals, so doubles); counted every {@code everyMs}. */
  public record Limits(double pendingSeconds, double paidSeconds, long everyMs) {
  }

  private static final Outbox OUTBOX = new Outbox(PaymentsApi.SERVICE);

  private static final Logger LOG = Logger.getLogger(StuckPurchases.class.getName());
  private static final String CHECK = "payments.stuck";
  private static final String COUNT = """
      SELECT count(*) FILTER (WHERE status = 'PENDING' AND created_at < clock_timestamp() - make_interval(secs => $1)),
             count(*) FILTER (WHERE status = 'PAID' AND NOT refund_due
                                    AND updated_at < clock_timestamp() - make_interval(secs => $2))
        FROM purchase WHERE status IN ('PENDING', 'PAID')""";
  private static final String REDRIVE = """
      UPDATE purchase SET redriven_at = clock_timestamp(), redrives = redrives + 1
       WHERE id IN (SELECT id FROM purchase
                     WHERE status = 'PAID' AND NOT refund_due
                       AND updated_at < clock_timestamp() - make_interval(secs => $1)
                       AND (redriven_at IS NULL OR redriven_at < clock_timestamp()
                              - make_interval(secs => $1 * power(2, least(redrives - 1, 6))))
                     ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id, user_id, course_id""";
  private static final int REDRIVE_BATCH = 100;

  private final Vertx vertx;
  private final CampusNode node;
  private final Pool pool;
  private final Limits limits;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong paid = new AtomicLong();
  private long timer = -1;
  private List<Gauge> gauges = List.of();

  public StuckPurchases(Vertx vertx, CampusNode node, Pool pool, Limits limits) {
    this.vertx = vertx;
    this.node = node;
    this.pool = pool;
    this.limits = limits;
  }

  public void start() {
    gauges = List.of(
        Gauge.builder("campus.purchases.stuck", pending, AtomicLong::get).tag("status", PurchaseStatus.PENDING.name())
            .description("purchases waiting longer than they should in this step").register(node.meters()),
        Gauge.builder("campus.purchases.stuck", paid, AtomicLong::get).tag("status", PurchaseStatus.PAID.name())
            .description("purchases waiting longer than they should in this step").register(node.meters()));
    node.management().addReadinessCheck(CHECK, () -> Future.succeededFuture(
        Status.OK(new JsonObject().put("pending", pending.get()).put("paid", paid.get()))));
    timer = vertx.setPeriodic(1, limits.everyMs(), id -> count().eventually(this::redrive));
  }

  public void stop() {
    vertx.cancelTimer(timer);
    node.management().removeReadinessCheck(CHECK);
    // A payments verticle deployed again in this node registers its own: the registry would keep these otherwise.
    gauges.forEach(node.meters()::remove);
  }

  private Future<Void> count() {
    return pool.preparedQuery(COUNT).execute(Tuple.of(limits.pendingSeconds(), limits.paidSeconds()))
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          long stuckPaid = row.getLong(1);
          if (stuckPaid > paid.get()) {
            LOG.warning(stuckPaid + " purchase(s) PAID for over " + (long) limits.paidSeconds() + " s: is a consumer "
                + "down or dead-lettering? (consumers.<name>.retry-dead-letters)");
          }
          pending.set(row.getLong(0));
          paid.set(stuckPaid);
        })
        .onFailure(e -> LOG.fine("counting stuck purchases failed: " + e.getMessage()))
        .mapEmpty();
  }

  private Future<Void> redrive() {
    return pool.withTransaction(tx -> tx.preparedQuery(REDRIVE).execute(Tuple.of(limits.paidSeconds(), REDRIVE_BATCH))
            .compose(rows -> {
              Future<Void> emitted = Future.succeededFuture();
              for (Row row : rows) {
                PurchaseProgress paid = new PurchaseProgress(row.getUUID("id"), row.getUUID("user_id"),
                    row.getUUID("course_id"), null, Instant.now());
                emitted = emitted.compose(v -> OUTBOX.append(tx, PaymentsApi.PAYMENT_SUCCEEDED,
                    paid));
              }
              return emitted.map(rows.rowCount());
            }))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.warning("re-drove " + n + " purchase(s) PAID for over " + (long) limits.paidSeconds() + " s: "
                + "payment.succeeded emitted again");
          }
        })
        .onFailure(e -> LOG.fine("re-driving stuck purchases failed: " + e.getMessage()))
        .mapEmpty();
  }
}
