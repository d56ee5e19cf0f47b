package io.campus.payments.saga;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.CampusNode;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Purchases that have waited too long in a step: {@code PENDING} longer than {@code payments.stuck.pending.seconds}
 * (the processor keeps not answering) and {@code PAID} longer than {@code payments.stuck.paid.seconds} (the
 * enrollment step did not come back: a dead letter, a consumer down). Counted every
 * {@code payments.stuck.check.ms} into {@code campus_purchases_stuck{status}} and reported by the readiness check
 * {@code payments.stuck}, which stays UP: a stuck purchase needs an operator (retry the dead letters), not a restart.
 */
public final class StuckPurchases {

  private static final Logger LOG = Logger.getLogger(StuckPurchases.class.getName());
  private static final String CHECK = "payments.stuck";
  private static final String COUNT = """
      SELECT count(*) FILTER (WHERE status = 'PENDING' AND created_at < clock_timestamp() - make_interval(secs => $1)),
             count(*) FILTER (WHERE status = 'PAID' AND NOT refund_due
                                    AND updated_at < clock_timestamp() - make_interval(secs => $2))
        FROM purchase WHERE status IN ('PENDING', 'PAID')""";

  private final Vertx vertx;
  private final CampusNode node;
  private final Pool pool;
  private final double pendingSeconds;
  private final double paidSeconds;
  private final long everyMs;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong paid = new AtomicLong();
  private long timer = -1;

  public StuckPurchases(Vertx vertx, CampusNode node, Pool pool) {
    CampusConfig config = node.config();
    this.vertx = vertx;
    this.node = node;
    this.pool = pool;
    this.pendingSeconds = config.getInt("payments.stuck.pending.seconds", 300);
    this.paidSeconds = config.getInt("payments.stuck.paid.seconds", 60);
    this.everyMs = config.getInt("payments.stuck.check.ms", 10_000);
  }

  public void start() {
    Gauge.builder("campus.purchases.stuck", pending, AtomicLong::get).tag("status", "PENDING")
        .description("purchases waiting longer than they should in this step").register(node.meters());
    Gauge.builder("campus.purchases.stuck", paid, AtomicLong::get).tag("status", "PAID")
        .description("purchases waiting longer than they should in this step").register(node.meters());
    node.management().addReadinessCheck(CHECK, () -> Future.succeededFuture(
        Status.OK(new JsonObject().put("pending", pending.get()).put("paid", paid.get()))));
    timer = vertx.setPeriodic(1, everyMs, id -> count());
  }

  public void stop() {
    vertx.cancelTimer(timer);
    node.management().removeReadinessCheck(CHECK);
  }

  private void count() {
    pool.preparedQuery(COUNT).execute(Tuple.of(pendingSeconds, paidSeconds))
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          long stuckPaid = row.getLong(1);
          if (stuckPaid > paid.get()) {
            LOG.warning(stuckPaid + " purchase(s) PAID for over " + (long) paidSeconds + " s: is a consumer "
                + "dead-lettering? (consumers.<name>.retry-dead-letters)");
          }
          pending.set(row.getLong(0));
          paid.set(stuckPaid);
        })
        .onFailure(e -> LOG.fine("counting stuck purchases failed: " + e.getMessage()));
  }
}
