package io.campus.platform.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Notices that this JVM stood still (SIGSTOP, a stalled VM, a machine starved of CPU) for longer than the cluster's
 * heartbeat timeout. The other members have removed it by then, but when it wakes its own view still holds them all,
 * and readiness would say UP while it is a cluster of its own until the cluster's master merges it back (seconds
 * later, after {@code hazelcast.merge.first.run.delay.seconds}), and while it merges its event bus stalls: a load
 * balancer would keep sending it users who wait. So from the wake-up until it merged back it is not ready; a wake-up
 * no merge follows (every member stood still together, say a laptop's sleep: nobody removed anybody) ends after
 * {@link #BOUND_FACTOR} heartbeat timeouts.
 */
final class FreezeWatch {

  static final long TICK_MS = 500;
  static final int BOUND_FACTOR = 6;
  private static final Logger LOG = Logger.getLogger(FreezeWatch.class.getName());

  private final long heartbeatTimeoutNanos;
  private long lastTick;
  private long wokeAt = -1;
  private long stoodStillMs;
  private Runnable stop = () -> { };

  /** {@code heartbeatTimeoutMs}: how long the cluster waits for a silent member before it removes it. */
  FreezeWatch(long heartbeatTimeoutMs, long nowNanos) {
    this.heartbeatTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatTimeoutMs);
    this.lastTick = nowNanos;
  }

  /**
   * Watches this JVM: a tick every {@link #TICK_MS} on a thread of its own (a blocked event loop is not a freeze: the
   * heartbeats go on), and Hazelcast's merges.
   */
  static FreezeWatch start(HazelcastClusterManager cluster) {
    HazelcastInstance hazelcast = cluster.getHazelcastInstance();
    String timeout = hazelcast.getConfig().getProperty("hazelcast.max.no.heartbeat.seconds");
    FreezeWatch watch = new FreezeWatch(TimeUnit.SECONDS.toMillis(timeout == null ? 60 : Long.parseLong(timeout)),
        System.nanoTime());
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "campus-freeze-watch");
      thread.setDaemon(true);
      return thread;
    });
    ticks.scheduleWithFixedDelay(() -> watch.tick(System.nanoTime()), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    UUID listener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        watch.merged();
      }
    });
    watch.stop = () -> {
      ticks.shutdownNow();
      hazelcast.getLifecycleService().removeLifecycleListener(listener);
    };
    return watch;
  }

  void stop() {
    stop.run();
  }

  synchronized void tick(long nowNanos) {
    long gap = nowNanos - lastTick;
    lastTick = nowNanos;
    if (gap > heartbeatTimeoutNanos) {
      wokeAt = nowNanos;
      stoodStillMs = TimeUnit.NANOSECONDS.toMillis(gap);
      LOG.warning("this JVM stood still for " + stoodStillMs + " ms, past the cluster's heartbeat timeout: the other "
          + "members removed it; not ready until it merged back into the cluster");
    } else if (wokeAt >= 0 && nowNanos - wokeAt > heartbeatTimeoutNanos * BOUND_FACTOR) {
      LOG.warning("no merge came " + TimeUnit.NANOSECONDS.toSeconds(nowNanos - wokeAt) + " s after this JVM woke "
          + "(nobody removed it, it seems): ready again");
      wokeAt = -1;
    }
  }

  synchronized void merged() {
    if (wokeAt >= 0) {
      LOG.info("merged back into the cluster after standing still for " + stoodStillMs + " ms: ready again");
      wokeAt = -1;
    }
  }

  /** DOWN, with how long it stood still, from the wake-up until the merge (or the bound). */
  synchronized Status status() {
    return wokeAt < 0 ? Status.OK() : Status.KO(new JsonObject().put("reason", "rejoining the cluster after "
        + "standing still for " + stoodStillMs + " ms"));
  }
}
