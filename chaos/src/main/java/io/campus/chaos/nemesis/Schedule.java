package io.campus.chaos.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When the nemesis strikes what, decided before the run from its seed alone (the same seed, duration and faults give
 * the same schedule): one fault at a time, every kind of JVM in turn, BFFs included, the instance and the pause
 * before its restart drawn from the seed.
 */
public final class Schedule {

  /** The kinds of JVM a kill takes in turn. */
  static final List<String> KINDS = List.of("courses", "users", "purchase-history", "payments", "bff-web",
      "bff-mobile");
  private static final long FIRST_MS = 10_000;
  private static final long MIN_GAP_MS = 20_000;

  /**
   * One fault: at {@code atMs} after the load started, kill -9 of {@code member}, started again {@code pauseMs}
   * later.
   */
  public record Fault(long atMs, String kind, String member, long pauseMs) {

    @Override
    public String toString() {
      return String.format("%6.1f s  kill -9 %-18s restart after %.1f s", atMs / 1000.0, member, pauseMs / 1000.0);
    }
  }

  private Schedule() {
  }

  /** The faults of a run of {@code duration}; none unless {@code faults} names {@code kill}. */
  public static List<Fault> of(long seed, Duration duration, List<String> faults) {
    List<Fault> schedule = new ArrayList<>();
    if (!faults.contains("kill")) {
      return schedule;
    }
    Random random = new Random(seed);
    long end = duration.toMillis() - MIN_GAP_MS; // the last fault heals while the load still runs
    long gap = Math.max(MIN_GAP_MS, (end - FIRST_MS) / KINDS.size());
    int turn = 0;
    for (long at = FIRST_MS; at <= end; at += gap) {
      String kind = KINDS.get(turn++ % KINDS.size());
      int instances = kind.equals("bff-mobile") ? 1 : 2;
      schedule.add(new Fault(at, kind, kind + "-" + (1 + random.nextInt(instances)), 2_000 + random.nextInt(4_000)));
    }
    return schedule;
  }
}
