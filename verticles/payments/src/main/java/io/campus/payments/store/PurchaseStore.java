package io.campus.payments.store;

import io.campus.contracts.Money;
import io.campus.contracts.payments.PurchaseState;
import io.campus.contracts.payments.PurchaseStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of purchases: the saga's state, the worker's leases. */
public final class PurchaseStore {

  /**
   * A purchase row as the worker needs it; {@code overdue}: charged at least once and pending for longer than the
   * worker waits for a charge's outcome.
   */
  public record Purchase(UUID id, UUID userId, UUID courseId, long amount, String currency, PurchaseStatus status,
                         String chargeId, boolean refundDue, int attempts, String reason, boolean overdue) {
  }

  private static final String STATE = "id, course_id, amount, currency, status, reason, created_at, updated_at";
  private static final String WORK = "id, user_id, course_id, amount, currency, status, charge_id, refund_due, "
      + "attempts, reason, (attempts > 1 AND created_at < clock_timestamp() - make_interval(secs => $3)) AS overdue";
  private static final String INSERT = """
      INSERT INTO purchase (id, user_id, course_id, course_slug, course_title, amount, currency, idempotency_key, status)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING') RETURNING\s""" + STATE;
  private static final String BY_KEY = "SELECT " + STATE + " FROM purchase WHERE user_id = $1 AND idempotency_key = $2";
  private static final String OF_USER = "SELECT " + STATE + " FROM purchase WHERE id = $1 AND user_id = $2";
  /** Leases due work: charges of pending purchases and refunds owed, each to one worker at a time. */
  private static final String CLAIM = """
      UPDATE purchase SET lease_until = clock_timestamp() + make_interval(secs => $2), attempts = attempts + 1
      WHERE id IN (SELECT id FROM purchase
                   WHERE (status = 'PENDING' OR refund_due) AND next_attempt_at <= clock_timestamp()
                     AND (lease_until IS NULL OR lease_until < clock_timestamp())
                   ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING\s""" + WORK;
  private static final String PAID = "UPDATE purchase SET status = 'PAID', charge_id = $2, lease_until = NULL, "
      + "updated_at = clock_timestamp() WHERE id = $1 AND status = 'PENDING'";
  private static final String FAILED = "UPDATE purchase SET status = 'FAILED', reason = $2, lease_until = NULL, "
      + "updated_at = clock_timestamp() WHERE id = $1 AND status = 'PENDING'";
  private static final String MISSING = """
      UPDATE purchase SET missing_since = coalesce(missing_since, clock_timestamp()), lease_until = NULL,
                          next_attempt_at = clock_timestamp() + make_interval(secs => $2)
       WHERE id = $1 AND status = 'PENDING'
      RETURNING missing_since <= clock_timestamp() - make_interval(secs => $2)""";
  /** A charge that succeeded after the purchase failed (a call still in flight when the worker gave up) is owed back. */
  private static final String CHARGED_LATE = "UPDATE purchase SET charge_id = $2, refund_due = true, reason = $3, "
      + "next_attempt_at = clock_timestamp(), updated_at = clock_timestamp() "
      + "WHERE id = $1 AND status = 'FAILED' AND charge_id IS NULL AND NOT refund_due";
  private static final String LATER = "UPDATE purchase SET lease_until = NULL, "
      + "next_attempt_at = clock_timestamp() + make_interval(secs => $2) WHERE id = $1";
  private static final String COMPLETED = "UPDATE purchase SET status = 'COMPLETED', updated_at = clock_timestamp() "
      + "WHERE id = $1 AND status = 'PAID'";
  private static final String REFUND_DUE = "UPDATE purchase SET refund_due = true, reason = $2, "
      + "next_attempt_at = clock_timestamp(), updated_at = clock_timestamp() WHERE id = $1 AND status = 'PAID'";
  private static final String REFUNDED = "UPDATE purchase SET status = 'REFUNDED', refund_due = false, "
      + "lease_until = NULL, updated_at = clock_timestamp() WHERE id = $1 AND refund_due";

  public Future<PurchaseState> insert(SqlClient tx, UUID id, UUID userId, UUID courseId, String slug, String title,
                                      Money price, String key) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(id, userId, courseId, slug, title, price.amount(),
        price.currency(), key)).map(rows -> state(rows.iterator().next()));
  }

  /** The purchase made with this key, and the course it was for. */
  public Future<Optional<PurchaseState>> byKey(SqlClient db, UUID userId, String key) {
    return db.preparedQuery(BY_KEY).execute(Tuple.of(userId, key)).map(PurchaseStore::first);
  }

  /** The purchase if it is this user's (another user's purchase is not found, as one that does not exist). */
  public Future<Optional<PurchaseState>> ofUser(SqlClient db, UUID id, UUID userId) {
    return db.preparedQuery(OF_USER).execute(Tuple.of(id, userId)).map(PurchaseStore::first);
  }

  public Future<List<Purchase>> claim(SqlClient db, int limit, int leaseSeconds, long overdueSeconds) {
    return db.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) leaseSeconds, (double) overdueSeconds))
        .map(rows -> rows.stream()
            .map(r -> new Purchase(r.getUUID("id"), r.getUUID("user_id"), r.getUUID("course_id"), r.getLong("amount"),
                r.getString("currency"), PurchaseStatus.valueOf(r.getString("status")), r.getString("charge_id"),
                r.getBoolean("refund_due"), r.getInteger("attempts"), r.getString("reason"), r.getBoolean("overdue")))
            .toList());
  }

  /** True when this call moved the purchase (a repeat after a crash finds it moved already). */
  public Future<Boolean> paid(SqlClient tx, UUID id, String chargeId) {
    return tx.preparedQuery(PAID).execute(Tuple.of(id, chargeId)).map(r -> r.rowCount() == 1);
  }

  /**
   * The processor has no charge under the key: asks again {@code waitSeconds} later; true once it was already missing
   * that long ago (no call for it can still be running), and the purchase may fail.
   */
  public Future<Boolean> missing(SqlClient db, UUID id, long waitSeconds) {
    return db.preparedQuery(MISSING).execute(Tuple.of(id, (double) waitSeconds))
        .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean(0));
  }

  public Future<Boolean> chargedLate(SqlClient tx, UUID id, String chargeId, String reason) {
    return tx.preparedQuery(CHARGED_LATE).execute(Tuple.of(id, chargeId, reason)).map(r -> r.rowCount() == 1);
  }

  public Future<Boolean> failed(SqlClient tx, UUID id, String reason) {
    return tx.preparedQuery(FAILED).execute(Tuple.of(id, reason)).map(r -> r.rowCount() == 1);
  }

  public Future<Void> later(SqlClient db, UUID id, long delaySeconds) {
    return db.preparedQuery(LATER).execute(Tuple.of(id, (double) delaySeconds)).mapEmpty();
  }

  public Future<Boolean> completed(SqlClient tx, UUID id) {
    return tx.preparedQuery(COMPLETED).execute(Tuple.of(id)).map(r -> r.rowCount() == 1);
  }

  public Future<Boolean> refundDue(SqlClient tx, UUID id, String reason) {
    return tx.preparedQuery(REFUND_DUE).execute(Tuple.of(id, reason)).map(r -> r.rowCount() == 1);
  }

  public Future<Boolean> refunded(SqlClient tx, UUID id) {
    return tx.preparedQuery(REFUNDED).execute(Tuple.of(id)).map(r -> r.rowCount() == 1);
  }

  private static PurchaseState state(Row r) {
    return new PurchaseState(r.getUUID("id"), r.getUUID("course_id"), new Money(r.getLong("amount"),
        r.getString("currency")), PurchaseStatus.valueOf(r.getString("status")), r.getString("reason"),
        r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
  }

  private static Optional<PurchaseState> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(state(rows.iterator().next()));
  }
}
