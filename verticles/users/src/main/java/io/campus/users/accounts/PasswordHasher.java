package io.campus.users.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.campus.contracts.error.CampusException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet's first option: 19 MiB of memory, 2 iterations,
 * parallelism 1, a 16-byte random salt and a 32-byte hash, stored as a PHC string (the parameters travel with the
 * hash, so they can be raised later). Hashing runs on a small worker pool of its own, never on an event loop,
 * and that pool's size caps the memory and CPU that concurrent logins can take. In front of the pool is a bounded
 * queue: when {@code admitted} hashes are running or waiting, one more is refused at once with UNAVAILABLE and a
 * retry hint, rather than waiting past its caller's timeout.
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
  private final int admitted;
  private final AtomicInteger pending = new AtomicInteger();

  private PasswordHasher(WorkerExecutor workers, String decoy, int admitted) {
    this.workers = workers;
    this.decoy = decoy;
    this.admitted = admitted;
  }

  /**
   * A hasher on {@code workers} that admits at most {@code admitted} hashes at once (running or queued); making its
   * decoy hash is the first job it gives them.
   */
  public static Future<PasswordHasher> create(WorkerExecutor workers, int admitted) {
    return workers.executeBlocking(() -> new PasswordHasher(workers, hashNow("decoy-password-for-unknown-accounts"),
        admitted), false);
  }

  public Future<String> hash(String password) {
    return admit(() -> hashNow(password));
  }

  /** False for a wrong password and for a missing account ({@code hash} null), after the same work. */
  public Future<Boolean> verify(String password, String hash) {
    return admit(() -> {
      String against = hash != null ? hash : decoy;
      boolean matches = Password.check(password, against).with(Argon2Function.getInstanceFromHash(against));
      return matches && hash != null;
    });
  }

  /** Hashes running or waiting now. */
  public int pending() {
    return pending.get();
  }

  private <T> Future<T> admit(Callable<T> work) {
    if (pending.incrementAndGet() > admitted) {
      pending.decrementAndGet();
      return Future.failedFuture(CampusException.unavailable("Too many sign-ins at once; try again shortly", 1));
    }
    return workers.executeBlocking(work, false).onComplete(done -> pending.decrementAndGet());
  }

  private static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
  }
}
