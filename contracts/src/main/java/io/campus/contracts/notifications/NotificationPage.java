package io.campus.contracts.notifications;

import java.util.List;

/** A page of notifications, newest first; {@code next} is the cursor of the page after it, null on the last. */
public record NotificationPage(List<Notification> items, int unread, String next) {

  public NotificationPage {
    items = List.copyOf(items);
  }
}
