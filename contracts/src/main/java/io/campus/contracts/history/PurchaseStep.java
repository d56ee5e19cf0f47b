package io.campus.contracts.history;

import io.campus.contracts.payments.PurchaseStatus;

import java.time.Instant;

/** A status a purchase reached, and when. */
public record PurchaseStep(PurchaseStatus status, Instant at) {
}
