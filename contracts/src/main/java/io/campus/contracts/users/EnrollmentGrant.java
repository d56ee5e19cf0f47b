package io.campus.contracts.users;

import java.util.UUID;

/** Enroll {@code userId} in {@code courseId}; granting twice changes nothing. */
public record EnrollmentGrant(UUID userId, UUID courseId) {
}
