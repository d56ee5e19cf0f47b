package io.campus.contracts.payments;

import io.campus.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/** A purchase as payments knows it; {@code reason} says why it failed or was refunded. */
public record PurchaseState(UUID purchaseId, UUID courseId, Money price, PurchaseStatus status, String reason,
                            Instant createdAt, Instant updatedAt) {
}
