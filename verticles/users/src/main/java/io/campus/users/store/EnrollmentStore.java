package io.campus.users.store;

import io.campus.contracts.users.Enrollment;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of enrollments. */
public final class EnrollmentStore {

  private static final String GRANT = "INSERT INTO enrollment (user_id, course_id, purchase_id) VALUES ($1, $2, $3) "
      + "ON CONFLICT DO NOTHING RETURNING user_id, course_id, granted_at";
  private static final String PAID_BY = "SELECT 1 FROM enrollment WHERE user_id = $1 AND course_id = $2 "
      + "AND purchase_id = $3";
  private static final String ONE = "SELECT user_id, course_id, granted_at FROM enrollment "
      + "WHERE user_id = $1 AND course_id = $2";
  private static final String OF_USER = "SELECT user_id, course_id, granted_at FROM enrollment "
      + "WHERE user_id = $1 ORDER BY granted_at DESC";

  private static final String COURSE = "INSERT INTO course (id, published) VALUES ($1, $2) "
      + "ON CONFLICT (id) DO UPDATE SET published = EXCLUDED.published";
  private static final String PUBLISHED = "SELECT published FROM course WHERE id = $1";

  public Future<Void> course(SqlClient tx, UUID courseId, boolean published) {
    return tx.preparedQuery(COURSE).execute(Tuple.of(courseId, published)).mapEmpty();
  }

  /** Whether the course is in the catalog, as far as the course events told; empty if they never mentioned it. */
  public Future<Optional<Boolean>> published(SqlClient db, UUID courseId) {
    return db.preparedQuery(PUBLISHED).execute(Tuple.of(courseId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getBoolean(0)));
  }

  /** The new enrollment, or empty when the user already had it; {@code purchaseId} is null for a free grant. */
  public Future<Optional<Enrollment>> grant(SqlClient db, UUID userId, UUID courseId, UUID purchaseId) {
    return db.preparedQuery(GRANT).execute(Tuple.of(userId, courseId, purchaseId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(enrollment(rows.iterator().next())));
  }

  /** Whether the user's enrollment in the course came from this purchase. */
  public Future<Boolean> paidBy(SqlClient db, UUID userId, UUID courseId, UUID purchaseId) {
    return db.preparedQuery(PAID_BY).execute(Tuple.of(userId, courseId, purchaseId)).map(rows -> rows.size() == 1);
  }

  public Future<Enrollment> get(SqlClient db, UUID userId, UUID courseId) {
    return db.preparedQuery(ONE).execute(Tuple.of(userId, courseId)).map(rows -> enrollment(rows.iterator().next()));
  }

  public Future<List<Enrollment>> ofUser(SqlClient db, UUID userId) {
    return db.preparedQuery(OF_USER).execute(Tuple.of(userId))
        .map(rows -> rows.stream().map(EnrollmentStore::enrollment).toList());
  }

  private static Enrollment enrollment(Row r) {
    return new Enrollment(r.getUUID("user_id"), r.getUUID("course_id"), r.getOffsetDateTime("granted_at").toInstant());
  }
}
