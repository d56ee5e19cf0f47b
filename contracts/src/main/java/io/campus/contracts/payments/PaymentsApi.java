package io.campus.contracts.payments;

import io.campus.contracts.Endpoint;
import io.campus.contracts.events.EventType;

/** The events of the payments service: one purchase's way through the saga. */
public final class PaymentsApi {

  public static final String SERVICE = "payments";

  /**
   * Starts a purchase, answered at once with its id and {@code PENDING}. The same idempotency key from the same user
   * answers the same purchase; with another course it is a {@code CONFLICT}. {@code NOT_FOUND} for an unknown course,
   * {@code CONFLICT} for a course not for sale, already owned, or being bought. Only for the buyer themself
   * ({@link io.campus.contracts.Endpoint.Access#SELF}).
   */
  public static final Endpoint<StartPurchase, PurchaseState> START =
      Endpoint.self("payments.start", StartPurchase.class, PurchaseState.class);
  /** One purchase of that user; {@code NOT_FOUND} for someone else's. */
  public static final Endpoint<PurchaseQuery, PurchaseState> GET =
      Endpoint.read("payments.get", PurchaseQuery.class, PurchaseState.class);

  /** The discovery record of the card processor, published from configuration. */
  public static final String PROCESSOR_RECORD = "card-processor";

  /** A purchase was accepted and waits for its charge (payload: what was bought, at which price). */
  public static final EventType<PurchaseStarted> PURCHASE_STARTED =
      EventType.of("purchase.started", PurchaseStarted.class);
  /** The card processor took the money. */
  public static final EventType<PurchaseProgress> PAYMENT_SUCCEEDED =
      EventType.of("payment.succeeded", PurchaseProgress.class);
  /** The charge was declined or could not be made; {@code reason} says why. Final. */
  public static final EventType<PurchaseProgress> PAYMENT_FAILED =
      EventType.of("payment.failed", PurchaseProgress.class);
  /** The buyer is enrolled. Final. */
  public static final EventType<PurchaseProgress> PURCHASE_COMPLETED =
      EventType.of("purchase.completed", PurchaseProgress.class);
  /** The enrollment could not be granted and the charge was given back. Final. */
  public static final EventType<PurchaseProgress> PURCHASE_REFUNDED =
      EventType.of("purchase.refunded", PurchaseProgress.class);

  private PaymentsApi() {
  }
}
