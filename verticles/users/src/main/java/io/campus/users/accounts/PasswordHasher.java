package io.campus.users.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.campus.contracts.error.CampusException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet's first option: 19 MiB of memory, 2 iterations,
 * parallelism 1, a 16-byte random salt and a 32-byte hash, stored as a PHC string (the parameters travel with the
 * hash, so they can be raised later). Hashing runs on a small worker pool of its own, never on an event loop,
 * and that pool's size caps the memory and CPU that concurrent logins can take. In front of the pool is a bounded
 * queue ({@link Admission}): one hash more is refused at once with UNAVAILABLE and a retry hint, rather than waiting
 * past its caller's timeout.
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
  private final Admission admission;
  private final AtomicInteger pending = new AtomicInteger();
  // How long one hash takes lately (moving average, nanoseconds): what a newcomer's wait is estimated from.
  private final AtomicLong hashNanos;

  /**
   * How many hashes may be running or waiting: {@code workers} run, at most {@code queue} wait, and none is admitted
   * whose expected wait (the hashes ahead of it, at the recent speed) exceeds {@code maxWaitMs}: on a slow machine
   * the queue shortens itself, so a caller is told "busy" at once instead of timing out.
   */
  public record Admission(int workers, int queue, long maxWaitMs) {
  }

  private PasswordHasher(WorkerExecutor workers, String decoy, Admission admission, long firstHashNanos) {
    this.workers = workers;
    this.decoy = decoy;
    this.admission = admission;
    this.hashNanos = new AtomicLong(firstHashNanos);
  }

  /** A hasher on {@code workers}; making its decoy hash is the first job it gives them. */
  public static Future<PasswordHasher> create(WorkerExecutor workers, Admission admission) {
    return workers.executeBlocking(() -> {
      long started = System.nanoTime();
      String decoy = hashNow("decoy-password-for-unknown-accounts");
      return new PasswordHasher(workers, decoy, admission, System.nanoTime() - started);
    }, false);
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
    int ahead = pending.getAndIncrement();
    long waitNanos = (long) (ahead / admission.workers()) * hashNanos.get();
    if (ahead >= admission.workers() + admission.queue() || waitNanos > admission.maxWaitMs() * 1_000_000) {
      pending.decrementAndGet();
      long retry = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1);
      return Future.failedFuture(CampusException.unavailable("Too many sign-ins at once; try again shortly", retry));
    }
    return workers.executeBlocking(() -> {
      long started = System.nanoTime();
      try {
        return work.call();
      } finally {
        long took = System.nanoTime() - started;
        hashNanos.updateAndGet(average -> average + (took - average) / 8);
      }
    }, false).onComplete(done -> pending.decrementAndGet());
  }

  private static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
  }
}
