package io.campus.chaos.nemesis;

import io.campus.chaos.system.ChaosCluster;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Carries out a {@link Schedule} on the running system, one fault at a time (a fault whose time has come waits for
 * the previous one to heal), and keeps what really happened, for the report's timeline:
 * <ul>
 *   <li>{@code kill}: kill -9 of a JVM, started again after the fault's length;</li>
 *   <li>{@code pause}: SIGSTOP of a JVM for longer than the heartbeat, then SIGCONT;</li>
 *   <li>{@code postgres}: a service's PostgreSQL server stopped, and started again on its data;</li>
 *   <li>{@code processor}: the card processor slow past payments' deadline, failing one call in five, answering 409
 *   for a key still in flight, or dropping its answer after charging, for the fault's length.</li>
 * </ul>
 * A fault has healed when every member it touched is ready again.
 */
public final class Nemesis implements Runnable {

  /** A fault as it happened: struck and ended (ms since the load started), healed ({@code -1}: never). */
  public record Struck(Schedule.Fault fault, long struckMs, long endedMs, long healedMs, String error) {
  }

  private final ChaosCluster cluster;
  private final List<Schedule.Fault> schedule;
  private final LongSupplier clock;
  private final JsonObject processorSettings;
  private final long loadEndsMs;
  private final List<Struck> struck = new CopyOnWriteArrayList<>();

  /**
   * {@code processorSettings}: what the processor is set to outside its faults; {@code loadEndsMs}: past it no fault
   * starts (one delayed by slow healing would strike a system nobody uses).
   */
  public Nemesis(ChaosCluster cluster, List<Schedule.Fault> schedule, LongSupplier clock,
                 JsonObject processorSettings, long loadEndsMs) {
    this.cluster = cluster;
    this.schedule = schedule;
    this.clock = clock;
    this.processorSettings = processorSettings;
    this.loadEndsMs = loadEndsMs;
  }

  @Override
  public void run() {
    for (Schedule.Fault fault : schedule) {
      if (!sleepUntil(fault.atMs())) {
        return;
      }
      long at = clock.getAsLong();
      if (at >= loadEndsMs) {
        log(at, "the load has ended: %d fault(s) of the schedule not struck", schedule.size() - struck.size());
        return;
      }
      long ended = at;
      try {
        List<String> touched = strike(fault);
        log(at, "%s %s", fault.type(), fault.target());
        if (!sleepUntil(at + fault.lengthMs())) {
          return;
        }
        ended = clock.getAsLong();
        end(fault);
        touched.forEach(cluster::awaitReady);
        long healed = clock.getAsLong();
        log(healed, "%s healed (%.1f s after the fault ended)", fault.target(), (healed - ended) / 1000.0);
        struck.add(new Struck(fault, at, ended, healed, null));
      } catch (RuntimeException e) {
        struck.add(new Struck(fault, at, ended, -1, e.getMessage()));
        log(clock.getAsLong(), "%s did not heal: %s", fault.target(), e.getMessage());
      }
    }
  }

  public List<Struck> struck() {
    return List.copyOf(struck);
  }

  /** Strikes; answers the members that must be ready again for the fault to have healed. */
  private List<String> strike(Schedule.Fault fault) {
    switch (fault.type()) {
      case "kill" -> cluster.kill(fault.target());
      case "pause" -> cluster.signal(fault.target(), "STOP");
      case "postgres" -> cluster.stopDatabase(fault.target());
      default -> cluster.configureProcessor(processorSettings.copy().mergeIn(misbehaviour(fault.target())));
    }
    return switch (fault.type()) {
      case "kill", "pause" -> List.of(fault.target());
      case "postgres" -> List.of(fault.target() + "-1", fault.target() + "-2");
      default -> List.of("payments-1", "payments-2");
    };
  }

  private void end(Schedule.Fault fault) {
    switch (fault.type()) {
      case "kill" -> cluster.startMember(fault.target());
      case "pause" -> cluster.signal(fault.target(), "CONT");
      case "postgres" -> cluster.startDatabase(fault.target());
      default -> cluster.configureProcessor(processorSettings);
    }
  }

  /** The sandbox's settings for each misbehaviour (payments' processor deadline is 2 s). */
  static JsonObject misbehaviour(String name) {
    return switch (name) {
      case "slow" -> new JsonObject().put("latencyMs", 3_000);
      case "failing" -> new JsonObject().put("failureRate", 0.2);
      // Slow too, so that payments' retry after its deadline meets the first call still in flight.
      case "conflicting" -> new JsonObject().put("conflictWhileInFlight", true).put("latencyMs", 2_500);
      case "dropping" -> new JsonObject().put("dropAfterCharge", true);
      default -> throw new IllegalArgumentException("unknown misbehaviour " + name);
    };
  }

  private static void log(long atMs, String format, Object... args) {
    System.out.println(String.format("%6.1f s  nemesis: ", atMs / 1000.0) + String.format(format, args));
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
