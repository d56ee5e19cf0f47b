package io.campus.contracts.notifications;

/** How many notifications a {@link MarkRead} changed, and how many of the user's are still unread. */
public record ReadResult(int marked, int unread) {
}
