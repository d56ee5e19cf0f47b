package io.campus.bff.web.me;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.JsonBodies;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.users.ProfileChange;
import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UsersApi;
import io.vertx.ext.web.RoutingContext;

import static io.campus.bff.common.ApiRouter.operation;

/** The signed-in user's own profile: {@code GET /api/me} (with enrollments) and {@code PATCH /api/me {name}}. */
public final class MeRoutes {

  /** The body of {@code PATCH /api/me}. */
  record NameChange(String name) {
  }

  private final Upstream users;

  public MeRoutes(Upstream users) {
    this.users = users;
  }

  public void mount(RouterBuilder api) {
    operation(api, "getMe").addHandler(this::get);
    operation(api, "updateMe").addHandler(this::rename);
  }

  private void get(RoutingContext ctx) {
    users.call(UsersApi.PROFILE, new UserRef(BearerAuth.caller(ctx).userId()))
        .onSuccess(profile -> Responses.json(ctx, profile))
        .onFailure(ctx::fail);
  }

  private void rename(RoutingContext ctx) {
    NameChange change = JsonBodies.read(ctx, NameChange.class);
    users.call(UsersApi.UPDATE_PROFILE, new ProfileChange(BearerAuth.caller(ctx).userId(), change.name()))
        .onSuccess(profile -> Responses.json(ctx, profile))
        .onFailure(ctx::fail);
  }
}
