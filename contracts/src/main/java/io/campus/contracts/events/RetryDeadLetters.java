package io.campus.contracts.events;

/** Asks for the dead-lettered events to be applied again. */
public record RetryDeadLetters() {
}
