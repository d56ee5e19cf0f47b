package io.campus.bff.mobile;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.campus.bff.common.CatalogCache;
import io.campus.bff.common.Etags;
import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.Json;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.notifications.ListNotifications;
import io.campus.contracts.notifications.NotificationsApi;
import io.campus.contracts.notifications.UnreadCount;
import io.campus.contracts.notifications.UnreadQuery;
import io.campus.contracts.history.ListPurchases;
import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.campus.bff.common.http.QueryParams.intParam;
import static io.campus.bff.common.http.QueryParams.textParam;
import static io.campus.bff.common.ApiRouter.operation;

/**
 * The mobile API's own routes: {@code GET /api/feed} (featured courses, and for a signed-in user their latest
 * purchases), {@code GET /api/courses?cursor=&limit=} (cursor pages), {@code GET /api/courses/{slug}},
 * {@code GET /api/me}, {@code GET /api/me/purchases?cursor=} and {@code GET /api/me/notifications?cursor=}; every
 * answer small and with an ETag. The feed carries the unread notifications' count where the deployment has the
 * notifications service (null, and degraded, while it is down).
 */
final class MobileRoutes {

  static final int FEED_SIZE = 8;
  static final int MAX_LIMIT = 50;

  private final CatalogCache catalog;
  private final Upstream users;
  private final Upstream history;
  private final Upstream notifications;

  MobileRoutes(CatalogCache catalog, Upstream users, Upstream history, Upstream notifications) {
    this.catalog = catalog;
    this.users = users;
    this.history = history;
    this.notifications = notifications;
  }

  void mount(RouterBuilder api) {
    operation(api, "getFeed").addHandler(this::feed);
    operation(api, "listCourses").addHandler(this::courses);
    operation(api, "getCourse").addHandler(this::course);
    operation(api, "getMe").addHandler(this::me);
    operation(api, "listMyPurchases").addHandler(this::purchases);
    operation(api, "listMyNotifications").addHandler(this::notifications);
  }

  private void notifications(RoutingContext ctx) {
    Caller caller = BearerAuth.caller(ctx);
    ListNotifications query = new ListNotifications(caller.userId(), textParam(ctx, "cursor", 200),
        intParam(ctx, "limit", ListNotifications.DEFAULT_LIMIT, 1, ListNotifications.MAX_LIMIT), false);
    notifications.call(NotificationsApi.LIST, query, caller)
        .onSuccess(page -> Etags.json(ctx, new JsonObject()
            .put("items", new JsonArray(page.items().stream().map(n -> Json.encode(MobileShapes.item(n))).toList()))
            .put("next", page.next()).put("unread", page.unread())))
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    users.call(UsersApi.PROFILE, new UserRef(BearerAuth.caller(ctx).userId())).onSuccess(p -> Etags.json(ctx,
        new JsonObject().put("id", p.id().toString()).put("name", p.name()).put("email", p.email())
            .put("courses", new JsonArray(p.enrollments().stream().map(e -> e.courseId().toString()).toList()))))
        .onFailure(ctx::fail);
  }

  private void purchases(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 20, 1, MAX_LIMIT);
    Cursor at = Cursor.read(textParam(ctx, "cursor", 100), limit);
    history.call(HistoryApi.LIST, new ListPurchases(BearerAuth.caller(ctx).userId(), at.page(), at.size()))
        .onSuccess(page -> Etags.json(ctx, cursorPage(page.items().stream().map(MobileShapes::item).toList(),
            page.page(), page.size(), page.total())))
        .onFailure(ctx::fail);
  }

  private void feed(RoutingContext ctx) {
    Caller caller = BearerAuth.callerOrNull(ctx);
    Future<List<MobileShapes.CourseItem>> featured = catalog.page(new ListCourses(null, null, 1, FEED_SIZE))
        .map(page -> page.items().stream().map(MobileShapes::item).toList());
    Future<List<MobileShapes.PurchaseItem>> purchases = caller == null ? Future.succeededFuture()
        : history.call(HistoryApi.LIST, new ListPurchases(caller.userId(), 1, 5))
            .map(page -> page.items().stream().map(MobileShapes::item).toList());
    Future<Integer> unread = caller == null || !notifications.deployed() ? Future.succeededFuture()
        : notifications.call(NotificationsApi.UNREAD, new UnreadQuery(caller.userId()), caller)
            .map(UnreadCount::unread);
    Future.join(featured, purchases, unread).onComplete(all -> {
      JsonArray degraded = new JsonArray();
      // Records straight to bytes, without a JSON tree in between.
      Map<String, Object> feed = new LinkedHashMap<>();
      feed.put("courses", featured.succeeded() ? featured.result() : degrade(degraded, CoursesApi.SERVICE));
      feed.put("purchases", purchases.succeeded() ? purchases.result() : degrade(degraded, HistoryApi.SERVICE));
      feed.put("unread", unread.succeeded() ? unread.result() : degrade(degraded, NotificationsApi.SERVICE));
      if (BearerAuth.checkSkipped(ctx)) {
        degraded.add("users");
      }
      feed.put("degraded", degraded);
      Etags.json(ctx, feed);
    });
  }

  private void courses(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 20, 1, MAX_LIMIT);
    Cursor at = Cursor.read(textParam(ctx, "cursor", 100), limit);
    String q = textParam(ctx, "q", 200);
    catalog.page(new ListCourses(q, null, at.page(), at.size()))
        .onSuccess(page -> Etags.json(ctx, cursorPage(page.items().stream().map(MobileShapes::item).toList(),
            page.page(), page.size(), page.total())))
        .onFailure(ctx::fail);
  }

  private void course(RoutingContext ctx) {
    catalog.course(ctx.pathParam("slug")).onSuccess(c -> Etags.json(ctx, new JsonObject()
        .put("id", c.id().toString()).put("slug", c.slug()).put("title", c.title()).put("summary", c.summary())
        .put("price", Json.encode(c.price())).put("level", c.level().name())
        .put("image", MobileShapes.image(c.slug())))).onFailure(ctx::fail);
  }

  /** {@code {items, next}}: {@code next} is the cursor of the following page, null on the last one. */
  private static JsonObject cursorPage(java.util.List<?> items, int page, int size, long total) {
    return new JsonObject()
        .put("items", new JsonArray(items.stream().map(Json::encode).toList()))
        .put("next", new Cursor(page, size).next(total));
  }

  private static Object degrade(JsonArray degraded, String service) {
    degraded.add(service);
    return null;
  }
}
