package io.campus.bff.web.me;

import io.campus.contracts.users.ProfileChange;
import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.auth.TokenVerifier;
import io.campus.platform.http.BearerAuth;
import io.campus.platform.http.JsonBodies;
import io.campus.platform.http.Responses;
import io.campus.platform.upstream.Upstream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The signed-in user's own profile: {@code GET /api/me} (with enrollments) and {@code PATCH /api/me {name}}. */
public final class MeRoutes {

  /** The body of {@code PATCH /api/me}. */
  record NameChange(String name) {
  }

  private final Upstream users;
  private final TokenVerifier tokens;

  public MeRoutes(Upstream users, TokenVerifier tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  public void mount(Router router) {
    router.get("/api/me").handler(BearerAuth.required(tokens)).handler(this::get);
    router.patch("/api/me").handler(BearerAuth.required(tokens)).handler(this::rename);
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
