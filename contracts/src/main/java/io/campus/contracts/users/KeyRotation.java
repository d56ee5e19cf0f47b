package io.campus.contracts.users;

/** Asks the users service to start signing with a new key. */
public record KeyRotation() {
}
