package io.campus.chaos.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When the nemesis strikes what, decided before the run from its seed alone (the same seed, duration and faults give
 * the same schedule): one fault at a time, the chosen kinds of fault in turn, and within each kind its targets in
 * turn (every kind of JVM, BFFs included; every service's database; every misbehaviour of the processor), the
 * instance and the fault's length drawn from the seed.
 */
public final class Schedule {

  /** Every kind of fault, as {@code --faults} names them. */
  public static final List<String> FAULTS = List.of("kill", "pause", "postgres", "processor");
  /**
   * The kinds of JVM a kill or a pause takes in turn: money's path and a BFF first, so that a short run, whose first
   * two faults are the ones that strike under load, strikes both.
   */
  static final List<String> KINDS = List.of("payments", "bff-web", "users", "courses", "purchase-history",
      "bff-mobile");
  static final List<String> SERVICES = List.of("courses", "users", "purchase-history", "payments");
  /** What the processor does wrong, in turn (see {@link Nemesis}). */
  static final List<String> MISBEHAVIOURS = List.of("slow", "failing", "conflicting", "dropping");
  private static final long FIRST_MS = 10_000;
  private static final long MIN_GAP_MS = 20_000;

  /**
   * One fault: at {@code atMs} after the load started, {@code type} strikes {@code target} for {@code lengthMs} (a
   * kill's pause before the restart, a pause's freeze, a database's or the processor's time down or misbehaving).
   */
  public record Fault(long atMs, String type, String target, long lengthMs) {

    @Override
    public String toString() {
      return String.format("%6.1f s  %-9s %-18s for %.1f s", atMs / 1000.0, type, target, lengthMs / 1000.0);
    }
  }

  private Schedule() {
  }

  /** The faults of a run of {@code duration}, of the types in {@code faults} (none if it is empty). */
  public static List<Fault> of(long seed, Duration duration, List<String> faults) {
    List<Fault> schedule = new ArrayList<>();
    if (faults.isEmpty()) {
      return schedule;
    }
    Random random = new Random(seed);
    long end = duration.toMillis() - MIN_GAP_MS; // the last fault starts at least 20 s before the load ends
    int targets = faults.stream().mapToInt(f -> targets(f).size()).sum();
    long gap = Math.max(MIN_GAP_MS, (end - FIRST_MS) / targets);
    int[] turns = new int[FAULTS.size()];
    int turn = 0;
    for (long at = FIRST_MS; at <= end; at += gap) {
      String type = faults.get(turn++ % faults.size());
      List<String> of = targets(type);
      String target = of.get(turns[FAULTS.indexOf(type)]++ % of.size());
      schedule.add(switch (type) {
        case "kill" -> new Fault(at, type, instance(target, random), 2_000 + random.nextInt(4_000));
        // Longer than the cluster's heartbeat (10 s): the member is removed, then comes back.
        case "pause" -> new Fault(at, type, instance(target, random), 12_000 + random.nextInt(4_000));
        case "postgres" -> new Fault(at, type, target, 3_000 + random.nextInt(5_000));
        default -> new Fault(at, type, target, 8_000 + random.nextInt(8_000));
      });
    }
    return schedule;
  }

  private static List<String> targets(String type) {
    return switch (type) {
      case "kill", "pause" -> KINDS;
      case "postgres" -> SERVICES;
      case "processor" -> MISBEHAVIOURS;
      default -> throw new IllegalArgumentException("unknown fault " + type + " (known: " + FAULTS + ")");
    };
  }

  private static String instance(String kind, Random random) {
    return kind + "-" + (1 + random.nextInt(kind.equals("bff-mobile") ? 1 : 2));
  }
}
