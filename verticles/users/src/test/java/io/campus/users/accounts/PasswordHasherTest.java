package io.campus.users.accounts;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class PasswordHasherTest {

  private PasswordHasher hasher;
  private WorkerExecutor workers;

  @BeforeEach
  void setUp(Vertx vertx) {
    workers = vertx.createSharedWorkerExecutor("test-hashing", 2);
    hasher = join(PasswordHasher.create(workers, new PasswordHasher.Admission(2, 4, 60_000)));
  }

  @Test
  @DisplayName("hashes are Argon2id PHC strings with the OWASP parameters, salted differently each time")
  void argon2id() {
    String first = join(hasher.hash("correct horse battery"));
    String second = join(hasher.hash("correct horse battery"));
    assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
    assertNotEquals(first, second);
  }

  @Test
  @DisplayName("the right password verifies; a wrong one and a missing account do not")
  void verifies() {
    String hash = join(hasher.hash("correct horse battery"));
    assertTrue(join(hasher.verify("correct horse battery", hash)));
    assertFalse(join(hasher.verify("correct horse batterY", hash)));
    assertFalse(join(hasher.verify("correct horse battery", null)), "unknown account, checked against the decoy");
  }

  @Test
  @DisplayName("past the admitted hashes (2 running + 4 queued) more are refused at once: UNAVAILABLE, retry hint")
  void admission() {
    List<Future<Boolean>> burst = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      burst.add(hasher.verify("wrong password " + i, null));
    }
    // Failed already when verify returned: refused without waiting for a worker.
    List<CampusException> refused = burst.stream().filter(Future::failed)
        .map(f -> assertInstanceOf(CampusException.class, f.cause())).toList();
    assertEquals(34, refused.size(), "6 admitted, the rest refused before any hashing");
    refused.forEach(e -> {
      assertEquals(ErrorCode.UNAVAILABLE, e.code());
      assertTrue(e.retryAfterSeconds() >= 1);
    });
    burst.stream().filter(f -> !f.failed()).forEach(f -> assertFalse(join(f)));
    assertEquals(0, hasher.pending());
    assertFalse(join(hasher.verify("after the burst", null)), "admitted again once the queue drained");
  }

  @Test
  @DisplayName("on a slow machine the queue shortens itself: no hash is admitted to wait longer than the bound")
  void expectedWait() {
    PasswordHasher impatient = join(PasswordHasher.create(workers, new PasswordHasher.Admission(2, 100, 1)));
    List<Future<Boolean>> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(impatient.verify("wrong password " + i, null));
    }
    // Two run at once; a third would wait a whole hash (far over 1 ms): refused, with a hint of at least 1 s.
    assertEquals(8, burst.stream().filter(Future::failed).count());
    burst.stream().filter(Future::failed).forEach(f -> assertTrue(
        assertInstanceOf(CampusException.class, f.cause()).retryAfterSeconds() >= 1));
    burst.stream().filter(f -> !f.failed()).forEach(f -> assertFalse(join(f)));
  }
}
