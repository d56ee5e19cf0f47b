package io.campus.contracts.users;

import java.util.UUID;

/** Change user {@code id}'s display name. */
public record ProfileChange(UUID id, String name) {
}
