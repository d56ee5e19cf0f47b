package io.campus.contracts.history;

/** Asks where the view's consumer stands. */
public record StatusQuery() {
}
