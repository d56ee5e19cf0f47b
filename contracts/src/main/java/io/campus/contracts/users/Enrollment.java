package io.campus.contracts.users;

import java.time.Instant;
import java.util.UUID;

/** A user may follow a course since {@code grantedAt}; also the payload of {@code enrollment.granted}. */
public record Enrollment(UUID userId, UUID courseId, Instant grantedAt) {
}
