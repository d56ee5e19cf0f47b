package io.campus.contracts.users;

import java.util.UUID;

/** Payload of {@code user.profile-changed}. */
public record UserProfileChanged(UUID id, String name) {
}
