package io.campus.users.enrollments;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.users.Enrollment;
import io.campus.contracts.users.EnrollmentGrant;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.db.Outbox;
import io.campus.users.store.EnrollmentStore;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;

/** Enrollments: granting is idempotent, and only a new enrollment emits {@code enrollment.granted}. */
public final class EnrollmentService {

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final Pool pool;
  private final EnrollmentStore store = new EnrollmentStore();

  public EnrollmentService(Pool pool) {
    this.pool = pool;
  }

  public Future<Enrollment> grant(EnrollmentGrant grant) {
    if (grant.userId() == null || grant.courseId() == null) {
      throw CampusException.invalid(grant.userId() == null ? "userId" : "courseId", "is required");
    }
    return pool.withTransaction(tx -> store.grant(tx, grant.userId(), grant.courseId()).compose(created ->
            created.isPresent()
                ? Outbox.append(tx, UsersApi.SERVICE, UsersApi.ENROLLMENT_GRANTED, created.get(), null).map(created.get())
                : store.get(tx, grant.userId(), grant.courseId())))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())
            ? CampusException.notFound("No user " + grant.userId())
            : e));
  }
}
