package io.campus.contracts.notifications;

import io.campus.contracts.Endpoint;

import java.util.UUID;

/** How many of {@code userId}'s notifications are unread. */
public record UnreadQuery(UUID userId) implements Endpoint.ForUser {
}
