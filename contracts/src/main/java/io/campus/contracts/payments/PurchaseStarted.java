package io.campus.contracts.payments;

import io.campus.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/** Payload of {@code purchase.started}: the course as it was sold (slug, title, price at purchase time). */
public record PurchaseStarted(UUID purchaseId, UUID userId, UUID courseId, String courseSlug, String courseTitle,
                              Money price, Instant startedAt) {
}
