package io.campus.contracts.payments;

import java.util.UUID;

/** One purchase, as seen by {@code userId}. */
public record PurchaseQuery(UUID userId, UUID purchaseId) {
}
