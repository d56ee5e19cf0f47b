package io.campus.contracts.payments;

import java.util.UUID;

/** {@code userId} buys {@code courseId}; {@code idempotencyKey} makes a repeated request the same purchase. */
public record StartPurchase(UUID userId, UUID courseId, String idempotencyKey) {
}
