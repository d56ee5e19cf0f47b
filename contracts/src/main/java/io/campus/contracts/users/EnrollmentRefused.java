package io.campus.contracts.users;

import java.util.UUID;

/** Payload of {@code enrollment.refused}: a paid purchase whose enrollment cannot be granted, and why. */
public record EnrollmentRefused(UUID userId, UUID courseId, UUID purchaseId, String reason) {
}
