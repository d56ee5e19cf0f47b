package io.campus.chaos.nemesis;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {

  private static final Duration LONG = Duration.ofMinutes(10);

  @Test
  @DisplayName("the same seed gives the same schedule, another seed another one")
  void reproducible() {
    List<Schedule.Fault> run = Schedule.of(7, LONG, Schedule.FAULTS);
    assertEquals(run, Schedule.of(7, LONG, Schedule.FAULTS));
    assertNotEquals(run, Schedule.of(8, LONG, Schedule.FAULTS));
  }

  @Test
  @DisplayName("kills take every kind of JVM in turn, BFFs included, an instance that exists, one at a time")
  void everyKindInTurn() {
    List<Schedule.Fault> run = Schedule.of(7, LONG, List.of("kill"));
    assertTrue(run.size() >= Schedule.KINDS.size(), run.toString());
    for (int i = 0; i < run.size(); i++) {
      Schedule.Fault fault = run.get(i);
      String kind = Schedule.KINDS.get(i % Schedule.KINDS.size());
      assertTrue(fault.target().matches(kind + "-[12]"), fault.toString());
      assertTrue(fault.atMs() + fault.lengthMs() < LONG.toMillis() - 10_000, fault.toString());
      if (i > 0) {
        assertTrue(fault.atMs() - run.get(i - 1).atMs() >= 20_000, "one fault at a time: " + run);
      }
    }
    assertEquals("bff-mobile-1", run.get(5).target(), "one bff-mobile");
  }

  @Test
  @DisplayName("with every fault: the kinds in turn, each with its targets in turn; a pause outlasts the heartbeat")
  void everyFault() {
    List<Schedule.Fault> run = Schedule.of(7, LONG, Schedule.FAULTS);
    assertEquals(List.of("kill", "pause", "postgres", "processor", "kill"),
        run.subList(0, 5).stream().map(Schedule.Fault::type).toList());
    assertEquals(List.of("courses", "users", "purchase-history", "payments"), run.stream()
        .filter(f -> f.type().equals("postgres")).map(Schedule.Fault::target).limit(4).toList(), run.toString());
    assertEquals(Schedule.MISBEHAVIOURS, run.stream().filter(f -> f.type().equals("processor"))
        .map(Schedule.Fault::target).limit(4).toList(), run.toString());
    run.stream().filter(f -> f.type().equals("pause")).forEach(f -> assertTrue(f.lengthMs() > 10_000, f.toString()));
  }

  @Test
  @DisplayName("a short run still strikes payments and a BFF first, and no faults asked means none")
  void shortAndNone() {
    List<Schedule.Fault> run = Schedule.of(7, Duration.ofSeconds(90), List.of("kill"));
    assertTrue(run.get(0).target().startsWith("payments-") && run.get(1).target().startsWith("bff-web-"),
        run.toString());
    assertEquals(List.of(), Schedule.of(7, LONG, List.of()));
  }
}
