package io.campus.contracts.history;

/** Asks for the view to be rebuilt from position 0. */
public record Rebuild() {
}
