package io.campus.bff.web.catalog;

import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.FindCourse;
import io.campus.contracts.courses.ListCourses;
import io.campus.platform.http.Responses;
import io.campus.platform.upstream.Upstream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.campus.platform.http.QueryParams.intParam;
import static io.campus.platform.http.QueryParams.textParam;

/** The catalog for the web app: {@code GET /api/courses} (search, tag, pages) and {@code GET /api/courses/{slug}}. */
public final class CatalogRoutes {

  private static final int MAX_PAGE = 10_000;

  private final Upstream courses;

  public CatalogRoutes(Upstream courses) {
    this.courses = courses;
  }

  public void mount(Router router) {
    router.get("/api/courses").handler(this::list);
    router.get("/api/courses/:slug").handler(this::get);
  }

  private void list(RoutingContext ctx) {
    ListCourses query = new ListCourses(
        textParam(ctx, "q", 200),
        textParam(ctx, "tag", 30),
        intParam(ctx, "page", 1, 1, MAX_PAGE),
        intParam(ctx, "size", ListCourses.DEFAULT_SIZE, 1, ListCourses.MAX_SIZE));
    courses.call(CoursesApi.LIST, query)
        .onSuccess(page -> Responses.json(ctx, page))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    courses.call(CoursesApi.GET, new FindCourse(ctx.pathParam("slug")))
        .onSuccess(course -> Responses.json(ctx, course))
        .onFailure(ctx::fail);
  }
}
