package io.campus.platform.node;

import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness after this JVM stood still past the cluster's heartbeat timeout (10 s here), on a clock of the test's. */
class FreezeWatchTest {

  private static final long MS = 1_000_000;
  private final FreezeWatch watch = new FreezeWatch(10_000, 0);
  private long now;

  @Test
  @DisplayName("ticks on time, or late but within the heartbeat timeout: ready")
  void onTime() {
    tick(500);
    tick(9_000); // a long GC pause, still shorter than the timeout: nobody removed this member
    assertTrue(watch.status().isOk());
  }

  @Test
  @DisplayName("a wake-up past the heartbeat timeout: not ready, saying why, until the merge back")
  void untilMerged() {
    tick(500);
    tick(14_000); // SIGSTOP for 14 s, then SIGCONT
    Status status = watch.status();
    assertFalse(status.isOk());
    assertTrue(status.getData().getString("reason").contains("14000 ms"), status.getData().encode());
    tick(500);
    assertFalse(watch.status().isOk(), "still a cluster of its own");
    watch.rejoined("merged");
    assertTrue(watch.status().isOk());
  }

  @Test
  @DisplayName("a rejoining seen before the tick that notices the gap (the watch's thread starved) heals that gap")
  void rejoinedFirst() {
    tick(500);
    watch.rejoined("merged");
    tick(12_000);
    assertTrue(watch.status().isOk());
  }

  @Test
  @DisplayName("a rejoining without a freeze changes nothing; a wake-up no rejoining follows ends after six timeouts")
  void bounded() {
    watch.rejoined("joined by a new member");
    tick(500);
    assertTrue(watch.status().isOk());
    tick(12_000);
    for (int i = 0; i < 119; i++) { // 59.5 s
      tick(500);
    }
    assertFalse(watch.status().isOk());
    tick(1_000);
    assertTrue(watch.status().isOk(), "every member stood still at once: nobody removed it, no merge will come");
  }

  private void tick(long afterMs) {
    now += afterMs * MS;
    watch.tick(now);
  }
}
