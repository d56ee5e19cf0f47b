package io.campus.contracts.payments;

import java.time.Instant;
import java.util.UUID;

/** Payload of every later step of a purchase; the event type names the step, {@code reason} explains a failure. */
public record PurchaseProgress(UUID purchaseId, UUID userId, UUID courseId, String reason, Instant at) {
}
