package io.campus.contracts.history;

import java.time.Instant;

/** A status a purchase reached, and when. */
public record PurchaseStep(String status, Instant at) {
}
