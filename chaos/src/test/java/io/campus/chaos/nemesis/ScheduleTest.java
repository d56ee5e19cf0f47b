package io.campus.chaos.nemesis;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {

  @Test
  @DisplayName("the same seed gives the same schedule, another seed another one")
  void reproducible() {
    List<Schedule.Fault> run = Schedule.of(7, Duration.ofMinutes(10), List.of("kill"));
    assertEquals(run, Schedule.of(7, Duration.ofMinutes(10), List.of("kill")));
    assertNotEquals(run, Schedule.of(8, Duration.ofMinutes(10), List.of("kill")));
  }

  @Test
  @DisplayName("every kind of JVM in turn, BFFs included, an instance that exists, healed before the load ends")
  void everyKindInTurn() {
    List<Schedule.Fault> run = Schedule.of(7, Duration.ofMinutes(10), List.of("kill"));
    assertTrue(run.size() >= Schedule.KINDS.size(), run.toString());
    for (int i = 0; i < run.size(); i++) {
      Schedule.Fault fault = run.get(i);
      assertEquals(Schedule.KINDS.get(i % Schedule.KINDS.size()), fault.kind());
      assertTrue(fault.member().matches(fault.kind() + "-[12]"), fault.member());
      assertTrue(fault.atMs() + fault.pauseMs() < Duration.ofMinutes(10).toMillis() - 10_000, fault.toString());
      if (i > 0) {
        assertTrue(fault.atMs() - run.get(i - 1).atMs() >= 20_000, "one fault at a time: " + run);
      }
    }
    assertEquals("bff-mobile-1", run.get(5).member(), "one bff-mobile");
  }

  @Test
  @DisplayName("a short run still strikes, and no faults asked means none")
  void shortAndNone() {
    assertTrue(Schedule.of(7, Duration.ofSeconds(90), List.of("kill")).size() >= 2);
    assertEquals(List.of(), Schedule.of(7, Duration.ofMinutes(10), List.of()));
  }
}
