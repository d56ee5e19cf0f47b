package io.campus.bff.web.notifications;

import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.JsonBodies;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.notifications.ListNotifications;
import io.campus.contracts.notifications.MarkRead;
import io.campus.contracts.notifications.NotificationsApi;
import io.campus.platform.auth.Caller;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.List;
import java.util.UUID;

import static io.campus.bff.common.ApiRouter.operation;
import static io.campus.bff.common.http.QueryParams.boolParam;
import static io.campus.bff.common.http.QueryParams.intParam;
import static io.campus.bff.common.http.QueryParams.textParam;

/**
 * The signed-in user's notifications: {@code GET /api/me/notifications?cursor=&limit=&unread=} (newest first, with
 * the unread count) and {@code POST /api/me/notifications/read {ids | all}}. The notifications service checks the
 * caller again.
 */
public final class NotificationRoutes {

  /** The body of {@code POST /api/me/notifications/read}. */
  record ReadRequest(List<UUID> ids, Boolean all) {
  }

  private final Upstream notifications;

  public NotificationRoutes(Upstream notifications) {
    this.notifications = notifications;
  }

  public void mount(RouterBuilder api) {
    operation(api, "listMyNotifications").addHandler(this::list);
    operation(api, "markMyNotificationsRead").addHandler(this::read);
  }

  private void list(RoutingContext ctx) {
    Caller caller = BearerAuth.caller(ctx);
    ListNotifications query = new ListNotifications(caller.userId(), textParam(ctx, "cursor", 200),
        intParam(ctx, "limit", ListNotifications.DEFAULT_LIMIT, 1, ListNotifications.MAX_LIMIT),
        boolParam(ctx, "unread", false));
    notifications.call(NotificationsApi.LIST, query, caller)
        .onSuccess(page -> Responses.json(ctx, page))
        .onFailure(ctx::fail);
  }

  private void read(RoutingContext ctx) {
    Caller caller = BearerAuth.caller(ctx);
    ReadRequest request = JsonBodies.read(ctx, ReadRequest.class);
    boolean all = Boolean.TRUE.equals(request.all());
    List<UUID> ids = request.ids() == null ? List.of() : request.ids();
    if (!all && ids.isEmpty()) {
      throw CampusException.invalid("ids", "name at least one notification, or send \"all\": true");
    }
    if (ids.size() > MarkRead.MAX_IDS) {
      throw CampusException.invalid("ids", "at most " + MarkRead.MAX_IDS);
    }
    notifications.call(NotificationsApi.READ, new MarkRead(caller.userId(), ids, all), caller)
        .onSuccess(result -> Responses.json(ctx, result))
        .onFailure(ctx::fail);
  }
}
