package io.campus.users.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet's first option: 19 MiB of memory, 2 iterations,
 * parallelism 1, a 16-byte random salt and a 32-byte hash, stored as a PHC string (the parameters travel with the
 * hash, so they can be raised later). Hashing runs on a small worker pool of its own, never on an event loop,
 * and that pool's size caps the memory and CPU that concurrent logins can take.
 */
public final class PasswordHasher {

  public static final int MEMORY_KIB = 19 * 1024;
  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  private static final int HASH_BYTES = 32;
  private static final int SALT_BYTES = 16;

  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);
  private final WorkerExecutor workers;
  // Checked against when the email is unknown, so both failures take the same time.
  private final String decoy;

  private PasswordHasher(WorkerExecutor workers, String decoy) {
    this.workers = workers;
    this.decoy = decoy;
  }

  /** A hasher on {@code workers}; making its decoy hash is the first job it gives them. */
  public static Future<PasswordHasher> create(WorkerExecutor workers) {
    return workers.executeBlocking(() -> new PasswordHasher(workers, hashNow("decoy-password-for-unknown-accounts")),
        false);
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> hashNow(password), false);
  }

  /** False for a wrong password and for a missing account ({@code hash} null), after the same work. */
  public Future<Boolean> verify(String password, String hash) {
    return workers.executeBlocking(() -> {
      String against = hash != null ? hash : decoy;
      boolean matches = Password.check(password, against).with(Argon2Function.getInstanceFromHash(against));
      return matches && hash != null;
    }, false);
  }

  private static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
  }
}
