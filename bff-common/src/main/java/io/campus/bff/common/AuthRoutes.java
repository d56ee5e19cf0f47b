package io.campus.bff.common;

import io.campus.bff.common.http.JsonBodies;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.limits.RateLimiter;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.users.Credentials;
import io.campus.contracts.users.Registration;
import io.campus.contracts.users.UsersApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * {@code POST /api/auth/register} and {@code POST /api/auth/login}, through the users service's sign-in upstream
 * ({@link BffCore#auth()}). An address whose logins keep failing is refused for a while, whatever emails it tries.
 */
public final class AuthRoutes {

  private final Upstream auth;
  private final RateLimiter limiter;

  public AuthRoutes(Upstream auth, RateLimiter limiter) {
    this.auth = auth;
    this.limiter = limiter;
  }

  public void mount(RouterBuilder api) {
    ApiRouter.operation(api, "register").addHandler(this::register);
    ApiRouter.operation(api, "login").addHandler(this::login);
  }

  private void register(RoutingContext ctx) {
    auth.call(UsersApi.REGISTER, JsonBodies.read(ctx, Registration.class))
        .onSuccess(profile -> {
          ctx.response().setStatusCode(201).putHeader("Location", "/api/me");
          Responses.json(ctx, new JsonObject()
              .put("id", profile.id().toString()).put("email", profile.email()).put("name", profile.name()));
        })
        .onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    Credentials credentials = JsonBodies.read(ctx, Credentials.class);
    limiter.loginAllowed(ctx)
        .compose(allowed -> auth.call(UsersApi.LOGIN, credentials).onComplete(tried -> {
          if (tried.succeeded() || !wrongPassword(tried.cause())) {
            limiter.loginDidNotFail(ctx); // signed in, or busy, throttled, invalid: no password was found wrong
          }
        }))
        .onSuccess(token -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          Responses.json(ctx, token);
        })
        .onFailure(ctx::fail);
  }

  private static boolean wrongPassword(Throwable failure) {
    return failure instanceof CampusException campus && campus.code() == ErrorCode.UNAUTHORIZED;
  }
}
