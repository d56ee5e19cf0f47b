package io.campus.contracts.payments;

import io.campus.contracts.Endpoint;

import java.util.UUID;

/** {@code userId} buys {@code courseId}; {@code idempotencyKey} makes a repeated request the same purchase. */
public record StartPurchase(UUID userId, UUID courseId, String idempotencyKey) implements Endpoint.ForUser {
}
