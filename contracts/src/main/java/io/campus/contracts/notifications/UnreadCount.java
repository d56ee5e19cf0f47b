package io.campus.contracts.notifications;

/** The number of a user's unread notifications. */
public record UnreadCount(int unread) {
}
