package io.campus.payments.saga;

import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.payments.processor.CardProcessor;
import io.campus.payments.processor.ChargeResult;
import io.campus.payments.store.PurchaseStore.Purchase;
import io.campus.payments.store.PurchaseStore;
import io.campus.platform.db.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.time.Instant;
import java.util.logging.Logger;

/**
 * Charges pending purchases and refunds those whose enrollment was refused. Work is leased row by row in the
 * database (several instances share it; a crashed worker's lease runs out and another takes over), the processor is
 * called with the purchase's idempotency key, and each outcome is a state change plus its event in one transaction.
 * A charge whose outcome stays unknown is asked about again and again; after {@code giveUpSeconds} the worker stops
 * charging and asks the processor what it has under the key: the charge it finds decides, and only when it has none,
 * and still none a lease later, does the purchase fail (nothing was taken). Should a charge still succeed after that
 * (a call that was still running, in a JVM frozen meanwhile), it is refunded. A refund is never given up.
 */
public final class ChargeWorker {

  private static final Outbox OUTBOX = new Outbox(PaymentsApi.SERVICE);

  private static final Logger LOG = Logger.getLogger(ChargeWorker.class.getName());
  private static final int BATCH = 20;
  private static final long POLL_MS = 250;

  private final Vertx vertx;
  private final Pool pool;
  private final CardProcessor processor;
  private final long maxBackoffSeconds;
  private final long giveUpSeconds;
  // A lease outlives any call for its purchase (a batch's calls run at once, each bounded by the deadline).
  private final int leaseSeconds;
  // Asked again no sooner than a deadline after the last try: two calls for one purchase never overlap.
  private final long minBackoffSeconds;
  private final PurchaseStore purchases = new PurchaseStore();
  private long timer = -1;
  private boolean working;
  private boolean again;

  public ChargeWorker(Vertx vertx, Pool pool, CardProcessor processor, long maxBackoffSeconds, long giveUpSeconds) {
    this.vertx = vertx;
    this.pool = pool;
    this.processor = processor;
    this.maxBackoffSeconds = maxBackoffSeconds;
    this.giveUpSeconds = giveUpSeconds;
    long deadlineSeconds = (processor.deadlineMs() + 999) / 1000;
    this.leaseSeconds = (int) Math.max(10, 3 * deadlineSeconds);
    this.minBackoffSeconds = Math.max(1, deadlineSeconds);
  }

  public void start() {
    timer = vertx.setPeriodic(POLL_MS, id -> work());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** Looks for work now (a purchase was just started). */
  public void kick() {
    vertx.runOnContext(v -> work());
  }

  private void work() {
    if (working) {
      again = true;
      return;
    }
    working = true;
    again = false;
    purchases.claim(pool, BATCH, leaseSeconds, giveUpSeconds)
        .compose(claimed -> Future.join(claimed.stream().map(this::process).toList()).map(claimed.size()))
        .onFailure(e -> LOG.warning("payment worker: " + e.getMessage()))
        .onComplete(ar -> {
          working = false;
          if (again || (ar.succeeded() && ar.result() == BATCH)) {
            work();
          }
        });
  }

  private Future<Void> process(Purchase purchase) {
    return purchase.refundDue() ? refund(purchase) : charge(purchase);
  }

  private Future<Void> charge(Purchase p) {
    return (p.overdue() ? processor.find(p) : processor.charge(p)).compose(result -> {
      if (result instanceof ChargeResult.Succeeded ok) {
        return pool.withTransaction(tx -> purchases.paid(tx, p.id(), ok.id()).compose(moved -> moved
            ? OUTBOX.append(tx, PaymentsApi.PAYMENT_SUCCEEDED, progress(p, null))
            // Failed meanwhile (this call was still running, in a frozen JVM say, when another worker gave up on
            // the charge and found none): the money is owed back.
            : purchases.chargedLate(tx, p.id(), ok.id(), "The charge arrived after the purchase had failed; it was "
                + "refunded").compose(late -> {
                  if (late) {
                    LOG.warning("purchase " + p.id() + " was charged after it failed; refunding");
                  }
                  return Future.<Void>succeededFuture();
                })));
      }
      if (result instanceof ChargeResult.Declined no) {
        return failed(p, no.reason());
      }
      if (result instanceof ChargeResult.NotMade) {
        // Looked up once more a lease later: a call that is still running at the processor may yet charge.
        return purchases.missing(pool, p.id(), leaseSeconds).compose(confirmed -> {
          if (!confirmed) {
            return Future.succeededFuture();
          }
          LOG.warning("purchase " + p.id() + ": no outcome from the processor in " + giveUpSeconds + " s and no "
              + "charge under its key, twice a lease apart; failed");
          return failed(p, "The card processor did not answer in time; you were not charged");
        });
      }
      return retryLater(p, ((ChargeResult.Unavailable) result).reason());
    });
  }

  private Future<Void> failed(Purchase p, String reason) {
    return pool.withTransaction(tx -> purchases.failed(tx, p.id(), reason).compose(moved -> moved
        ? OUTBOX.append(tx, PaymentsApi.PAYMENT_FAILED, progress(p, reason))
        : Future.succeededFuture()));
  }

  private Future<Void> refund(Purchase p) {
    return processor.refund(p).compose(result -> {
      if (result instanceof ChargeResult.Succeeded) {
        return pool.withTransaction(tx -> purchases.refunded(tx, p.id()).compose(moved -> moved
            ? OUTBOX.append(tx, PaymentsApi.PURCHASE_REFUNDED, progress(p, p.reason()))
            : Future.succeededFuture()));
      }
      // A refund is owed whatever the processor says now: keep trying, and say so in the log.
      return retryLater(p, result instanceof ChargeResult.Declined no ? "refund refused: " + no.reason()
          : ((ChargeResult.Unavailable) result).reason());
    });
  }

  private Future<Void> retryLater(Purchase p, String reason) {
    long doubling = Math.min(maxBackoffSeconds, 1L << Math.min(10, p.attempts() - 1));
    long backoff = Math.max(minBackoffSeconds, doubling);
    LOG.info("purchase " + p.id() + " attempt " + p.attempts() + " not done (" + reason + "); again in " + backoff + " s");
    return purchases.later(pool, p.id(), backoff);
  }

  private static PurchaseProgress progress(Purchase p, String reason) {
    return new PurchaseProgress(p.id(), p.userId(), p.courseId(), reason, Instant.now());
  }
}
