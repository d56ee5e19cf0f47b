package io.campus.users.enrollments;

import io.campus.contracts.courses.Course;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.users.Enrollment;
import io.campus.contracts.users.EnrollmentGrant;
import io.campus.contracts.users.EnrollmentGranted;
import io.campus.contracts.users.EnrollmentRefused;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.db.Outbox;
import io.campus.platform.db.PgErrors;
import io.campus.users.store.EnrollmentStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Instant;

/**
 * Enrollments: granting is idempotent; a free grant emits {@code enrollment.granted} only when new, a paid one
 * answers the same purchase the same way however often it is asked.
 */
public final class EnrollmentService {

  private static final Outbox OUTBOX = new Outbox(UsersApi.SERVICE);


  private final Pool pool;
  private final EnrollmentStore store = new EnrollmentStore();

  public EnrollmentService(Pool pool) {
    this.pool = pool;
  }

  /**
   * The users service's step of the purchase saga, in the consumer's transaction: a paid course becomes an
   * enrollment ({@code enrollment.granted}, naming the purchase), unless the course was withdrawn meanwhile or the
   * user already has it ({@code enrollment.refused}, and payments refunds: a course is never paid for twice). A
   * course the events never mentioned is granted: payments only sells published courses.
   */
  public Future<Void> grantPaid(SqlConnection tx, PurchaseProgress paid) {
    // Asked again about a purchase that enrolled the user (payments re-drives one whose answer it never applied):
    // the same answer, whatever happened to the course since.
    return store.paidBy(tx, paid.userId(), paid.courseId(), paid.purchaseId()).compose(already -> already
        ? granted(tx, paid)
        : answerFirst(tx, paid));
  }

  private Future<Void> granted(SqlConnection tx, PurchaseProgress paid) {
    return OUTBOX.append(tx, UsersApi.ENROLLMENT_GRANTED, new EnrollmentGranted(paid.userId(),
        paid.courseId(), paid.purchaseId(), Instant.now()));
  }

  private Future<Void> answerFirst(SqlConnection tx, PurchaseProgress paid) {
    return store.published(tx, paid.courseId()).compose(published -> {
      if (published.isPresent() && !published.get()) {
        return OUTBOX.append(tx, UsersApi.ENROLLMENT_REFUSED, new EnrollmentRefused(paid.userId(),
            paid.courseId(), paid.purchaseId(), "The course was withdrawn from the catalog; the charge was refunded"));
      }
      // Already enrolled (an admin's grant, another purchase): this payment buys nothing, so it is given back.
      return store.grant(tx, paid.userId(), paid.courseId(), paid.purchaseId()).compose(created -> created.isPresent()
          ? granted(tx, paid)
          : OUTBOX.append(tx, UsersApi.ENROLLMENT_REFUSED, new EnrollmentRefused(paid.userId(),
              paid.courseId(), paid.purchaseId(), "You already own this course; the charge was refunded")));
    });
  }

  public Future<Void> courseChanged(SqlConnection tx, Course course) {
    return store.course(tx, course.id(), course.published());
  }

  public Future<Enrollment> grant(EnrollmentGrant grant) {
    if (grant.userId() == null || grant.courseId() == null) {
      throw CampusException.invalid(grant.userId() == null ? "userId" : "courseId", "is required");
    }
    return pool.withTransaction(tx -> store.grant(tx, grant.userId(), grant.courseId(), null).compose(created ->
            created.isPresent()
                ? OUTBOX.append(tx, UsersApi.ENROLLMENT_GRANTED, new EnrollmentGranted(
                    grant.userId(), grant.courseId(), null, created.get().grantedAt())).map(created.get())
                : store.get(tx, grant.userId(), grant.courseId())))
        .recover(e -> Future.failedFuture(PgErrors.isForeignKeyViolation(e)
            ? CampusException.notFound("No user " + grant.userId())
            : e));
  }
}
