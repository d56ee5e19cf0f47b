package io.campus.platform.node;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
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
 * balancer would keep sending it users who wait. So from the wake-up until it rejoined (it merged into the others, or
 * they into it: members added to its view) it is not ready. A wake-up no rejoining follows (every member stood still
 * together, say a laptop's sleep: nobody removed anybody) ends after {@link #BOUND_FACTOR} heartbeat timeouts. A
 * freeze just under the timeout may get the member removed all the same (its last heartbeat was up to a second
 * older); that one goes unnoticed here, as it did before.
 */
final class FreezeWatch {

  static final long TICK_MS = 500;
  static final int BOUND_FACTOR = 6;
  private static final Logger LOG = Logger.getLogger(FreezeWatch.class.getName());

  private final long heartbeatTimeoutNanos;
  private long lastTick;
  private boolean woken;
  private long wokeAt;
  private long stoodStillMs;
  private boolean rejoinedSinceTick;
  private Runnable stop = () -> { };

  /** {@code heartbeatTimeoutMs}: how long the cluster waits for a silent member before it removes it. */
  FreezeWatch(long heartbeatTimeoutMs, long nowNanos) {
    this.heartbeatTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatTimeoutMs);
    this.lastTick = nowNanos;
  }

  /**
   * Watches this JVM: a tick every {@link #TICK_MS} on a thread of its own (a blocked event loop is not a freeze: the
   * heartbeats go on), Hazelcast's merges and the members its view gains.
   */
  static FreezeWatch start(HazelcastClusterManager cluster) {
    HazelcastInstance hazelcast = cluster.getHazelcastInstance();
    // The configuration's value, else the system property's, else Hazelcast's default: what Hazelcast itself uses.
    long timeoutMs = new HazelcastProperties(hazelcast.getConfig()).getMillis(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS);
    FreezeWatch watch = new FreezeWatch(timeoutMs, System.nanoTime());
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "campus-freeze-watch");
      thread.setDaemon(true);
      return thread;
    });
    ticks.scheduleWithFixedDelay(() -> watch.tick(System.nanoTime()), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    UUID lifecycle = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        watch.rejoined("merged back into the cluster");
      }
    });
    UUID membership = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        watch.rejoined("joined by " + event.getMember().getAddress());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
      }
    });
    watch.stop = () -> {
      ticks.shutdownNow();
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycle);
      hazelcast.getCluster().removeMembershipListener(membership);
    };
    return watch;
  }

  void stop() {
    stop.run();
  }

  synchronized void tick(long nowNanos) {
    long gap = nowNanos - lastTick;
    // A rejoining seen since the tick before (this thread starved, not the JVM frozen) already healed this gap.
    boolean healed = rejoinedSinceTick;
    rejoinedSinceTick = false;
    lastTick = nowNanos;
    if (gap > heartbeatTimeoutNanos && !healed) {
      woken = true;
      wokeAt = nowNanos;
      stoodStillMs = TimeUnit.NANOSECONDS.toMillis(gap);
      LOG.warning("this JVM stood still for " + stoodStillMs + " ms, past the cluster's heartbeat timeout: the other "
          + "members removed it; not ready until it rejoined the cluster");
    } else if (woken && nowNanos - wokeAt > heartbeatTimeoutNanos * BOUND_FACTOR) {
      LOG.warning("no rejoining came " + TimeUnit.NANOSECONDS.toSeconds(nowNanos - wokeAt) + " s after this JVM woke "
          + "(nobody removed it, it seems): ready again");
      woken = false;
    }
  }

  synchronized void rejoined(String how) {
    rejoinedSinceTick = true;
    if (woken) {
      LOG.info(how + " after standing still for " + stoodStillMs + " ms: ready again");
      woken = false;
    }
  }

  /** DOWN, with how long it stood still, from the wake-up until it rejoined (or the bound). */
  synchronized Status status() {
    return !woken ? Status.OK() : Status.KO(new JsonObject().put("reason", "rejoining the cluster after standing "
        + "still for " + stoodStillMs + " ms"));
  }
}
