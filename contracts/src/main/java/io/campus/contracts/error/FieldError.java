package io.campus.contracts.error;

/** One rejected input: the field (or parameter) name and why it was rejected. */
public record FieldError(String field, String reason) {
}
