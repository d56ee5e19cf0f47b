package io.campus.bff.web.home;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.campus.bff.common.CatalogCache;
import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.notifications.NotificationsApi;
import io.campus.contracts.notifications.UnreadQuery;
import io.campus.contracts.history.ListPurchases;
import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.campus.bff.common.ApiRouter.operation;

/**
 * {@code GET /api/home}: the web app's first screen in one call. The featured catalog, and for a signed-in user
 * their profile, latest purchases and unread notifications, fetched in parallel. A section whose service fails comes
 * back null with the service named in {@code degraded}; the answer is still a 200, within the upstream timeout.
 * Notifications are optional (a Node.js service): where none was ever seen in discovery the section is null and
 * nothing is degraded.
 */
public final class HomeRoutes {

  static final int FEATURED = 8;
  static final int LATEST_PURCHASES = 5;

  private final CatalogCache catalog;
  private final Upstream users;
  private final Upstream history;
  private final Upstream notifications;

  public HomeRoutes(CatalogCache catalog, Upstream users, Upstream history, Upstream notifications) {
    this.catalog = catalog;
    this.users = users;
    this.history = history;
    this.notifications = notifications;
  }

  public void mount(RouterBuilder api) {
    operation(api, "getHome").addHandler(this::home);
  }

  private void home(RoutingContext ctx) {
    Caller caller = BearerAuth.callerOrNull(ctx);
    Future<?> featured = catalog.pageJson(new ListCourses(null, null, 1, FEATURED));
    Future<?> profile = caller == null ? Future.succeededFuture()
        : users.call(UsersApi.PROFILE, new UserRef(caller.userId()));
    Future<?> purchases = caller == null ? Future.succeededFuture()
        : history.call(HistoryApi.LIST, new ListPurchases(caller.userId(), 1, LATEST_PURCHASES));
    Future<?> unread = caller == null || !notifications.deployed() ? Future.succeededFuture()
        : notifications.call(NotificationsApi.UNREAD, new UnreadQuery(caller.userId()), caller);
    Future.join(featured, profile, purchases, unread).onComplete(all -> {
      JsonArray degraded = new JsonArray();
      if (BearerAuth.checkSkipped(ctx)) {
        degraded.add(UsersApi.SERVICE); // a token was sent but could not be checked
      }
      // The records are written straight to bytes: building a JSON tree first cost a third of the route's time.
      Map<String, Object> home = new LinkedHashMap<>();
      home.put("catalog", section(featured, CoursesApi.SERVICE, degraded));
      home.put("profile", section(profile, UsersApi.SERVICE, degraded));
      home.put("purchases", section(purchases, HistoryApi.SERVICE, degraded));
      home.put("notifications", section(unread, NotificationsApi.SERVICE, degraded));
      home.put("degraded", degraded);
      Responses.json(ctx, home);
    });
  }

  private static Object section(Future<?> result, String service, JsonArray degraded) {
    if (result.failed()) {
      if (!degraded.contains(service)) {
        degraded.add(service);
      }
      return null;
    }
    return result.result();
  }
}
