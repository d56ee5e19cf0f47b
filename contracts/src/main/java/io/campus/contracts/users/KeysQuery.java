package io.campus.contracts.users;

/** Asks for the token verification keys. */
public record KeysQuery() {
}
