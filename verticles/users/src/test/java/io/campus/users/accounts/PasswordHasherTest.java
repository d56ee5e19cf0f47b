package io.campus.users.accounts;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class PasswordHasherTest {

  private PasswordHasher hasher;

  @BeforeEach
  void setUp(Vertx vertx) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("test-hashing", 2);
    hasher = join(PasswordHasher.create(workers));
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
}
