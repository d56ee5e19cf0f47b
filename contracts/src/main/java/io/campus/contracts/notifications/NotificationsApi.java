package io.campus.contracts.notifications;

import io.campus.contracts.Endpoint;

/**
 * What the notifications service answers on the bus. It runs in Node.js ({@code polyglot/notifications-node}) and
 * answers through the bus bridge, so its endpoints are {@linkplain Endpoint#throughBridge() bridged}; each is for the user
 * it names, checked by the service from the caller in the headers.
 */
public final class NotificationsApi {

  public static final String SERVICE = "notifications";

  /** A user's notifications, newest first, a page after the cursor; with their unread count. */
  public static final Endpoint<ListNotifications, NotificationPage> LIST =
      Endpoint.self("notifications.list", ListNotifications.class, NotificationPage.class).throughBridge();
  /** Marks some (by id) or all of a user's notifications read; answers how many changed and what is left unread. */
  public static final Endpoint<MarkRead, ReadResult> READ =
      Endpoint.self("notifications.read", MarkRead.class, ReadResult.class).throughBridge();
  /** How many of a user's notifications are unread. */
  public static final Endpoint<UnreadQuery, UnreadCount> UNREAD =
      Endpoint.self("notifications.unread", UnreadQuery.class, UnreadCount.class).throughBridge();

  private NotificationsApi() {
  }
}
