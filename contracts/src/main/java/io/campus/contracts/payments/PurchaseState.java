package io.campus.contracts.payments;

import io.campus.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/**
 * A purchase as payments knows it: {@code PENDING} (waiting for the charge), {@code PAID}, {@code COMPLETED}
 * (enrolled), {@code FAILED} (declined; {@code reason} says why) or {@code REFUNDED} (paid, but could not be
 * enrolled).
 */
public record PurchaseState(UUID purchaseId, UUID courseId, Money price, String status, String reason,
                            Instant createdAt, Instant updatedAt) {
}
