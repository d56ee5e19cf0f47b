package io.campus.contracts.events;

/** Asks for the events of a stream with a position greater than {@code after}, at most {@code limit}, in order. */
public record ReplayRequest(long after, int limit) {
}
