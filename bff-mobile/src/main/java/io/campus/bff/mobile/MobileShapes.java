package io.campus.bff.mobile;

import io.campus.contracts.notifications.Notification;

import java.time.Instant;

import io.campus.contracts.Money;
import io.campus.contracts.courses.Course;
import io.campus.contracts.history.PurchaseView;
import io.campus.contracts.payments.PurchaseStatus;

/** The phone's view of things: only what a list row or a detail screen shows. */
final class MobileShapes {

  /** A course in a list: what a row shows, and its small image. */
  record CourseItem(String id, String slug, String title, Money price, String image) {
  }

  /** A purchase in a list. */
  record PurchaseItem(String id, String slug, String title, PurchaseStatus status) {
  }

  /** A notification in a list. */
  record NotificationItem(String id, String kind, String title, String body, Instant at, boolean read) {
  }

  private MobileShapes() {
  }

  static NotificationItem item(Notification n) {
    return new NotificationItem(n.id().toString(), n.kind(), n.title(), n.body(), n.createdAt(), n.read());
  }

  static CourseItem item(Course c) {
    return new CourseItem(c.id().toString(), c.slug(), c.title(), c.price(), image(c.slug()));
  }

  static PurchaseItem item(PurchaseView p) {
    return new PurchaseItem(p.purchaseId().toString(), p.courseSlug(), p.courseTitle(), p.status());
  }

  /** Images are served by the web tier under a fixed path per course and size. */
  static String image(String slug) {
    return "/img/courses/" + slug + "/small.webp";
  }
}
