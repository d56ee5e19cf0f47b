package io.campus.platform.http;

import io.campus.contracts.error.CampusException;
import io.campus.platform.auth.Caller;
import io.campus.platform.auth.TokenVerifier;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Route handlers that admit a request only with a valid bearer token, and only with a role. */
public final class BearerAuth {

  private static final String CALLER = "campus.caller";
  private static final String PREFIX = "Bearer ";

  private BearerAuth() {
  }

  /** 401 without a valid token; the verified {@link Caller} is then available through {@link #caller}. */
  public static Handler<RoutingContext> required(TokenVerifier verifier) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        ctx.fail(CampusException.unauthorized("An access token is required (Authorization: Bearer ...)"));
        return;
      }
      verifier.verify(header.substring(PREFIX.length()).trim())
          .onSuccess(caller -> {
            ctx.put(CALLER, caller);
            ctx.next();
          })
          .onFailure(ctx::fail);
    };
  }

  /** 403 unless the caller (already authenticated) has {@code role}. */
  public static Handler<RoutingContext> role(String role) {
    return ctx -> {
      if (caller(ctx).has(role)) {
        ctx.next();
      } else {
        ctx.fail(CampusException.forbidden("This needs the '" + role + "' role"));
      }
    };
  }

  public static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER);
    if (caller == null) {
      throw new IllegalStateException("route is not behind BearerAuth.required");
    }
    return caller;
  }
}
