package io.campus.contracts.history;

import io.campus.contracts.Money;
import io.campus.contracts.payments.PurchaseStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A purchase in a user's history: the course as sold (slug, title, price at purchase time), the current status,
 * why it failed, every status reached with its time, and whether the course is still in the catalog.
 */
public record PurchaseView(UUID purchaseId, UUID courseId, String courseSlug, String courseTitle, Money price,
                           PurchaseStatus status, String reason, List<PurchaseStep> steps, boolean courseAvailable,
                           Instant startedAt, Instant updatedAt) {

  public PurchaseView {
    steps = List.copyOf(steps);
  }
}
