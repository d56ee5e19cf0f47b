package io.campus.contracts.users;

import java.time.Instant;
import java.util.UUID;

/** Payload of {@code enrollment.granted}; {@code purchaseId} is the purchase that paid for it, or null. */
public record EnrollmentGranted(UUID userId, UUID courseId, UUID purchaseId, Instant grantedAt) {
}
