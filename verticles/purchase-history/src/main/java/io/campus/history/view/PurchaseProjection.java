package io.campus.history.view;

import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.events.EventType;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.contracts.payments.PurchaseStatus;
import io.campus.history.store.ViewStore;
import io.campus.platform.events.Subscriptions;

import java.util.List;

/**
 * How events become the view: course events keep a copy of the catalog (is a course still available), payments
 * events move each purchase through its statuses, remembering when each was reached.
 */
public final class PurchaseProjection {

  private PurchaseProjection() {
  }

  public static Subscriptions subscriptions(ViewStore view) {
    Subscriptions subscriptions = new Subscriptions()
        .on(CoursesApi.SERVICE, CoursesApi.PUBLISHED, (tx, course, e) -> view.upsertCourse(tx, course))
        .on(CoursesApi.SERVICE, CoursesApi.UPDATED, (tx, course, e) -> view.upsertCourse(tx, course))
        .on(CoursesApi.SERVICE, CoursesApi.UNPUBLISHED, (tx, course, e) -> view.upsertCourse(tx, course))
        .on(PaymentsApi.SERVICE, PaymentsApi.PURCHASE_STARTED, (tx, started, e) -> view.start(tx, started));
    for (EventType<PurchaseProgress> step : List.of(PaymentsApi.PAYMENT_SUCCEEDED, PaymentsApi.PAYMENT_FAILED,
        PaymentsApi.PURCHASE_COMPLETED, PaymentsApi.PURCHASE_REFUNDED)) {
      progress(subscriptions, view, step);
    }
    return subscriptions;
  }

  private static void progress(Subscriptions subscriptions, ViewStore view, EventType<PurchaseProgress> type) {
    PurchaseStatus status = PurchaseStatus.after(type.name()).orElseThrow();
    subscriptions.on(PaymentsApi.SERVICE, type,
        (tx, step, e) -> view.move(tx, step.purchaseId(), status, step.reason(), step.at()));
  }
}
