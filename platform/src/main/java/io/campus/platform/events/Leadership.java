package io.campus.platform.events;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import io.vertx.sqlclient.Pool;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * Who does a cluster-wide single job: the relay of a stream, the active projector of a consumer. A cluster lock
 * elects the leader; the leader then takes the next {@link Fence} epoch in the service's database, and its every
 * batch checks it, so a leader replaced without noticing (paused past the heartbeat, on the wrong side of a split)
 * stops before it does anything more. Instances that do not hold the lock wait for it, and take over when its holder
 * dies or lets go.
 */
final class Leadership {

  private static final Logger LOG = Logger.getLogger(Leadership.class.getName());
  private static final long LOCK_WAIT_MS = 2_000;

  private final Vertx vertx;
  private final Pool pool;
  private final String name;
  private final Fence fence;
  private final long retryMs;
  private final BooleanSupplier stopped;
  private LongConsumer onLead = epoch -> { };
  private Lock lock;

  /**
   * @param name    the job ({@code relay.<stream>}, {@code consumer.<name>}): the lock is {@code campus.<name>}, and
   *                the fence's row in {@code platform.leader} is {@code <name>}
   * @param retryMs how long to wait before trying again when the epoch could not be taken (the database is down)
   * @param stopped whether the job is stopping: then it no longer competes, and a lock it gets is let go at once
   */
  Leadership(Vertx vertx, Pool pool, String name, long retryMs, BooleanSupplier stopped) {
    this.vertx = vertx;
    this.pool = pool;
    this.name = name;
    this.fence = new Fence(name);
    this.retryMs = retryMs;
    this.stopped = stopped;
  }

  Fence fence() {
    return fence;
  }

  /** True while this instance holds the lock and its epoch (as far as it knows: its batches check the fence). */
  boolean leading() {
    return lock != null;
  }

  /** Competes in the background; {@code onLead} runs with the epoch each time this instance becomes the leader. */
  void compete(LongConsumer onLead) {
    this.onLead = onLead;
    compete();
  }

  /**
   * A newer leader took over (a batch found its epoch replaced): compete again. The lock is dropped, not released:
   * its release is a force-unlock, and the lock, if this node lost it, is the new leader's.
   */
  void lost(Fence.Lost lost) {
    LOG.warning(name + ": a newer leader took over (" + lost.getMessage() + "); standing by");
    lock = null;
    compete();
  }

  /**
   * Lets the lock go, if held: call it when the job has stopped. A batch still in flight cannot interleave with the
   * successor's: the successor's epoch waits for it ({@link Fence}), and then fences it out.
   */
  void release() {
    if (lock != null) {
      lock.release();
      lock = null;
    }
  }

  private void compete() {
    if (stopped.getAsBoolean()) {
      return;
    }
    vertx.sharedData().getLockWithTimeout("campus." + name, LOCK_WAIT_MS)
        .onSuccess(this::take)
        .onFailure(e -> vertx.setTimer(1, id -> compete())); // another instance leads: stand by
  }

  private void take(Lock acquired) {
    if (stopped.getAsBoolean()) {
      acquired.release();
      return;
    }
    fence.take(pool).onComplete(taken -> {
      if (taken.failed() || stopped.getAsBoolean()) {
        acquired.release(); // held, and not used: let another instance, or this one later, try
        if (taken.failed()) {
          LOG.warning(name + ": cannot take the lead (" + EventApplier.describe(taken.cause()) + "); trying again");
          vertx.setTimer(retryMs, id -> compete());
        }
        return;
      }
      lock = acquired;
      onLead.accept(taken.result());
    });
  }
}
