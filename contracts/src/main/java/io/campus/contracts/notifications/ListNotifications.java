package io.campus.contracts.notifications;

import io.campus.contracts.Endpoint;

import java.util.UUID;

/**
 * A page of {@code userId}'s notifications after {@code cursor} (null: the newest), at most {@code limit}, only the
 * unread ones when {@code unreadOnly}.
 */
public record ListNotifications(UUID userId, String cursor, int limit, boolean unreadOnly) implements Endpoint.ForUser {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 50;
}
