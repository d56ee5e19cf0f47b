package io.campus.bff.web.catalog;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.campus.bff.common.CatalogCache;
import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.Json;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.users.Enrollment;
import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

import static io.campus.bff.common.http.QueryParams.intParam;
import static io.campus.bff.common.http.QueryParams.textParam;
import static io.campus.bff.common.ApiRouter.operation;

/**
 * The catalog for the web app: {@code GET /api/courses} (search, tag, pages) and {@code GET /api/courses/{slug}},
 * which for a signed-in user also says whether they own it ({@code owned}; null, with {@code users} in
 * {@code degraded}, when that cannot be known right now).
 */
public final class CatalogRoutes {

  private static final int MAX_PAGE = 10_000;

  private final CatalogCache catalog;
  private final Upstream users;

  public CatalogRoutes(CatalogCache catalog, Upstream users) {
    this.catalog = catalog;
    this.users = users;
  }

  public void mount(RouterBuilder api) {
    operation(api, "listCourses").addHandler(this::list);
    operation(api, "getCourse").addHandler(this::get);
  }

  private void list(RoutingContext ctx) {
    ListCourses query = new ListCourses(
        textParam(ctx, "q", 200),
        textParam(ctx, "tag", 30),
        intParam(ctx, "page", 1, 1, MAX_PAGE),
        intParam(ctx, "size", ListCourses.DEFAULT_SIZE, 1, ListCourses.MAX_SIZE));
    catalog.pageJson(query)
        .onSuccess(page -> Responses.json(ctx, page))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Caller caller = BearerAuth.callerOrNull(ctx);
    catalog.course(ctx.pathParam("slug")).onSuccess(course -> {
      if (caller == null && !BearerAuth.checkSkipped(ctx)) {
        Responses.json(ctx, course);
        return;
      }
      Future<Boolean> ownership = caller == null ? Future.failedFuture("unchecked")
          : users.call(UsersApi.PROFILE, new UserRef(caller.userId())).map(profile -> profile.enrollments().stream()
              .map(Enrollment::courseId).anyMatch(course.id()::equals));
      ownership.onComplete(ar -> Responses.json(ctx, Json.encode(course)
          .put("owned", ar.succeeded() ? ar.result() : null)
          .put("degraded", ar.succeeded() ? new JsonArray() : new JsonArray().add(UsersApi.SERVICE))));
    }).onFailure(ctx::fail);
  }
}
