package io.campus.contracts.history;

import java.util.UUID;

/** One purchase, as seen by {@code userId}. */
public record GetPurchase(UUID userId, UUID purchaseId) {
}
