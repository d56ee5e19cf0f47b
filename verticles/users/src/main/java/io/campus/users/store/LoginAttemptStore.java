package io.campus.users.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;

/**
 * Login attempts per (lower-cased) email in {@code login_failure}: an attempt is written before its password is
 * checked and stays as a failure unless the login succeeds, so concurrent attempts cannot all pass the count.
 */
public final class LoginAttemptStore {

  // One transaction per email at a time (advisory lock on the email), so counting and inserting are one step.
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('login:' || $1))";
  private static final String FORGET_OLD =
      "DELETE FROM login_failure WHERE email = $1 AND failed_at <= clock_timestamp() - make_interval(secs => $2)";
  private static final String COUNT = "SELECT count(*), min(failed_at) FROM login_failure WHERE email = $1";
  private static final String RECORD = "INSERT INTO login_failure (email) VALUES ($1) RETURNING failed_at";
  private static final String RELEASE = "DELETE FROM login_failure WHERE email = $1 AND failed_at = $2";
  private static final String CLEAR = "DELETE FROM login_failure WHERE email = $1";
  private static final String PURGE =
      "DELETE FROM login_failure WHERE failed_at <= clock_timestamp() - make_interval(secs => $1)";

  /**
   * Whether an attempt was recorded ({@code at}, to release it by); if not, the oldest attempt in the window (it
   * frees a place when it leaves).
   */
  public record Reservation(boolean allowed, OffsetDateTime at, OffsetDateTime oldest) {
  }

  /** Records an attempt for {@code email} unless {@code limit} are already in the last {@code windowSeconds}. */
  public Future<Reservation> reserve(Pool pool, String email, long windowSeconds, int limit) {
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK).execute(Tuple.of(email))
        .compose(v -> tx.preparedQuery(FORGET_OLD).execute(Tuple.of(email, (double) windowSeconds)))
        .compose(v -> tx.preparedQuery(COUNT).execute(Tuple.of(email)))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (row.getLong(0) >= limit) {
            return Future.succeededFuture(new Reservation(false, null, row.getOffsetDateTime(1)));
          }
          return tx.preparedQuery(RECORD).execute(Tuple.of(email))
              .map(recorded -> new Reservation(true, recorded.iterator().next().getOffsetDateTime(0), null));
        }));
  }

  /** Gives back an attempt whose password could not be checked (the service was too busy): it was no failure. */
  public Future<Void> release(SqlClient db, String email, OffsetDateTime at) {
    return db.preparedQuery(RELEASE).execute(Tuple.of(email, at)).mapEmpty();
  }

  /** A successful login forgets the email's attempts, its own included. */
  public Future<Void> clear(SqlClient db, String email) {
    return db.preparedQuery(CLEAR).execute(Tuple.of(email)).mapEmpty();
  }

  /** Deletes every attempt older than the window; answers how many went. */
  public Future<Integer> purge(SqlClient db, long windowSeconds) {
    return db.preparedQuery(PURGE).execute(Tuple.of((double) windowSeconds)).map(rows -> rows.rowCount());
  }
}
