package io.campus.payments.saga;

import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.users.UsersApi;
import io.campus.payments.store.PriceList;
import io.campus.payments.store.PurchaseStore;
import io.campus.platform.db.Outbox;
import io.campus.platform.events.Subscriptions;
import io.vertx.core.Future;

import java.time.Instant;

/**
 * What payments learns from the other services: prices from the course events, and the saga's next step from the
 * users service's answer to {@code payment.succeeded}: enrolled (the purchase completes) or refused (it is refunded).
 */
public final class SagaProjection {

  private static final Outbox OUTBOX = new Outbox(PaymentsApi.SERVICE);

  private SagaProjection() {
  }

  public static Subscriptions subscriptions(PriceList prices, PurchaseStore purchases) {
    return new Subscriptions()
        .on(CoursesApi.SERVICE, CoursesApi.PUBLISHED, (tx, course, e) -> prices.upsertPrice(tx, course))
        .on(CoursesApi.SERVICE, CoursesApi.UPDATED, (tx, course, e) -> prices.upsertPrice(tx, course))
        .on(CoursesApi.SERVICE, CoursesApi.UNPUBLISHED, (tx, course, e) -> prices.upsertPrice(tx, course))
        .on(UsersApi.SERVICE, UsersApi.ENROLLMENT_GRANTED, (tx, granted, e) ->
            prices.own(tx, granted.userId(), granted.courseId()).compose(v -> granted.purchaseId() == null
                ? Future.succeededFuture()
                : purchases.completed(tx, granted.purchaseId()).compose(moved -> moved
                    ? OUTBOX.append(tx, PaymentsApi.PURCHASE_COMPLETED, new PurchaseProgress(
                        granted.purchaseId(), granted.userId(), granted.courseId(), null, Instant.now()))
                    : Future.succeededFuture())))
        .on(UsersApi.SERVICE, UsersApi.ENROLLMENT_REFUSED, (tx, refused, e) ->
            purchases.refundDue(tx, refused.purchaseId(), refused.reason()).mapEmpty());
  }
}
