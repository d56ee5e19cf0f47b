package io.campus.contracts.users;

import java.util.UUID;

/** Names one user. */
public record UserRef(UUID id) {
}
