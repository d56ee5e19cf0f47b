package io.campus.contracts.history;

/** Asks for the dead-lettered events to be applied again. */
public record RetryDeadLetters() {
}
