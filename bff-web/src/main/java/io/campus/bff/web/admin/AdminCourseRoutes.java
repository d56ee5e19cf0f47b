package io.campus.bff.web.admin;

import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.JsonBodies;
import io.campus.bff.common.http.PathParams;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.CourseId;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.UpdateCourse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import static io.campus.bff.common.ApiRouter.operation;

/**
 * Catalog management for admins: create, update, publish, unpublish. No token is a 401, a token without the
 * admin role a 403, before the body is even read; the admin is passed on, and courses checks the role again.
 */
public final class AdminCourseRoutes {

  private final Upstream courses;

  public AdminCourseRoutes(Upstream courses) {
    this.courses = courses;
  }

  public void mount(RouterBuilder api) {
    // The contract requires the admin role for each of these (bearerAuth: [admin]).
    operation(api, "createCourse").addHandler(this::create);
    operation(api, "updateCourse").addHandler(this::update);
    operation(api, "publishCourse").addHandler(ctx -> publish(ctx, true));
    operation(api, "unpublishCourse").addHandler(ctx -> publish(ctx, false));
  }

  private void create(RoutingContext ctx) {
    courses.call(CoursesApi.CREATE, JsonBodies.read(ctx, CourseDraft.class), BearerAuth.caller(ctx))
        .onSuccess(course -> {
          ctx.response().setStatusCode(201);
          Responses.json(ctx, course);
        })
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    UpdateCourse update = new UpdateCourse(PathParams.uuid(ctx, "id"), JsonBodies.read(ctx, CourseDraft.class));
    courses.call(CoursesApi.UPDATE, update, BearerAuth.caller(ctx))
        .onSuccess(course -> Responses.json(ctx, course))
        .onFailure(ctx::fail);
  }

  private void publish(RoutingContext ctx, boolean publish) {
    CourseId course = new CourseId(PathParams.uuid(ctx, "id"));
    courses.call(publish ? CoursesApi.PUBLISH : CoursesApi.UNPUBLISH, course, BearerAuth.caller(ctx))
        .onSuccess(result -> Responses.json(ctx, result))
        .onFailure(ctx::fail);
  }
}
