package io.campus.payments.processor;

/** What the card processor said about a charge or a refund. */
public sealed interface ChargeResult {

  /** Done; {@code id} is the processor's charge or refund id. */
  record Succeeded(String id) implements ChargeResult {
  }

  /** A final no (for a charge: the card was declined). */
  record Declined(String reason) implements ChargeResult {
  }

  /** The processor has no charge under the purchase's key: nothing was taken. */
  record NotMade() implements ChargeResult {
  }

  /** No answer, a timeout, a 5xx, an open circuit: try again later with the same idempotency key. */
  record Unavailable(String reason) implements ChargeResult {
  }
}
