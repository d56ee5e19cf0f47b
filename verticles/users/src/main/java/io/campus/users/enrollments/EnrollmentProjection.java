package io.campus.users.enrollments;

import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.platform.events.Subscriptions;

/**
 * What other services' events mean to users: a course's changes keep the enrollments' copy of it current, and a
 * succeeded payment grants the course (or refuses it, for one already owned).
 */
public final class EnrollmentProjection {

  private EnrollmentProjection() {
  }

  public static Subscriptions subscriptions(EnrollmentService enrollments) {
    return new Subscriptions()
        .on(CoursesApi.SERVICE, CoursesApi.PUBLISHED, (tx, course, e) -> enrollments.courseChanged(tx, course))
        .on(CoursesApi.SERVICE, CoursesApi.UPDATED, (tx, course, e) -> enrollments.courseChanged(tx, course))
        .on(CoursesApi.SERVICE, CoursesApi.UNPUBLISHED, (tx, course, e) -> enrollments.courseChanged(tx, course))
        .on(PaymentsApi.SERVICE, PaymentsApi.PAYMENT_SUCCEEDED, (tx, paid, e) -> enrollments.grantPaid(tx, paid));
  }
}
