package io.campus.contracts.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * What a user is told, and whether they read it. {@code kind}: {@code welcome}, {@code purchase-completed},
 * {@code payment-declined}, {@code purchase-refunded}, {@code course-updated}; the course and purchase it is about,
 * where there is one.
 */
public record Notification(UUID id, String kind, String title, String body, UUID courseId, UUID purchaseId,
                           Instant createdAt, boolean read) {
}
