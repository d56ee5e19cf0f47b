package io.campus.chaos.nemesis;

import io.campus.chaos.system.ChaosCluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Carries out a {@link Schedule} on the running system, one fault at a time (a fault whose time has come waits for
 * the previous one to heal), and keeps what really happened, for the report's timeline.
 */
public final class Nemesis implements Runnable {

  /** A fault as it happened: kill, restart and ready, in ms since the load started (ready -1 if it never was). */
  public record Struck(Schedule.Fault fault, long killedMs, long restartedMs, long readyMs, String error) {
  }

  private final ChaosCluster cluster;
  private final List<Schedule.Fault> schedule;
  private final LongSupplier clock;
  private final List<Struck> struck = new CopyOnWriteArrayList<>();

  public Nemesis(ChaosCluster cluster, List<Schedule.Fault> schedule, LongSupplier clock) {
    this.cluster = cluster;
    this.schedule = schedule;
    this.clock = clock;
  }

  @Override
  public void run() {
    for (Schedule.Fault fault : schedule) {
      if (!sleepUntil(fault.atMs())) {
        return;
      }
      long killed = clock.getAsLong();
      cluster.kill(fault.member());
      System.out.println(String.format("%6.1f s  nemesis: killed %s", killed / 1000.0, fault.member()));
      if (!sleepUntil(killed + fault.pauseMs())) {
        return;
      }
      long restarted = clock.getAsLong();
      try {
        cluster.startMember(fault.member());
        long ready = clock.getAsLong();
        System.out.println(String.format("%6.1f s  nemesis: %s ready again (%.1f s after its restart)",
            ready / 1000.0, fault.member(), (ready - restarted) / 1000.0));
        struck.add(new Struck(fault, killed, restarted, ready, null));
      } catch (RuntimeException e) {
        struck.add(new Struck(fault, killed, restarted, -1, e.getMessage()));
        System.out.println("nemesis: " + fault.member() + " did not come back: " + e.getMessage());
      }
    }
  }

  public List<Struck> struck() {
    return List.copyOf(struck);
  }

  private boolean sleepUntil(long atMs) {
    long wait = atMs - clock.getAsLong();
    if (wait <= 0) {
      return true;
    }
    try {
      Thread.sleep(wait); // a schedule: the time itself is the condition
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
