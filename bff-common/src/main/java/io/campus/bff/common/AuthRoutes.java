package io.campus.bff.common;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.campus.contracts.users.Credentials;
import io.campus.contracts.users.Registration;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.http.JsonBodies;
import io.campus.platform.http.Responses;
import io.campus.platform.upstream.Upstream;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/auth/register} and {@code POST /api/auth/login}. */
public final class AuthRoutes {

  private final Upstream users;

  public AuthRoutes(Upstream users) {
    this.users = users;
  }

  public void mount(RouterBuilder api) {
    ApiRouter.operation(api, "register").addHandler(this::register);
    ApiRouter.operation(api, "login").addHandler(this::login);
  }

  private void register(RoutingContext ctx) {
    users.call(UsersApi.REGISTER, JsonBodies.read(ctx, Registration.class))
        .onSuccess(profile -> {
          ctx.response().setStatusCode(201).putHeader("Location", "/api/me");
          Responses.json(ctx, new JsonObject()
              .put("id", profile.id().toString()).put("email", profile.email()).put("name", profile.name()));
        })
        .onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    users.call(UsersApi.LOGIN, JsonBodies.read(ctx, Credentials.class))
        .onSuccess(token -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          Responses.json(ctx, token);
        })
        .onFailure(ctx::fail);
  }
}
