package io.campus.contracts.users;

import java.time.Instant;
import java.util.UUID;

/** Payload of {@code user.registered}. */
public record UserRegistered(UUID id, String email, String name, Instant registeredAt) {
}
