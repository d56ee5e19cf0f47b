package io.campus.contracts.payments;

import java.util.Map;
import java.util.Optional;

/**
 * Where a purchase stands: {@code PENDING} (waiting for the charge), {@code PAID}, {@code COMPLETED} (enrolled),
 * {@code FAILED} (declined, or not chargeable) or {@code REFUNDED} (paid, then given back). The same words in the
 * payments database, the history view, the APIs and the live updates.
 */
public enum PurchaseStatus {
  PENDING, PAID, COMPLETED, FAILED, REFUNDED;

  private static final Map<String, PurchaseStatus> AFTER_EVENT = Map.of(
      PaymentsApi.PURCHASE_STARTED.name(), PENDING,
      PaymentsApi.PAYMENT_SUCCEEDED.name(), PAID,
      PaymentsApi.PAYMENT_FAILED.name(), FAILED,
      PaymentsApi.PURCHASE_COMPLETED.name(), COMPLETED,
      PaymentsApi.PURCHASE_REFUNDED.name(), REFUNDED);

  /** The status a purchase has once the payments event of type {@code eventType} happened; empty for other events. */
  public static Optional<PurchaseStatus> after(String eventType) {
    return Optional.ofNullable(AFTER_EVENT.get(eventType));
  }
}
