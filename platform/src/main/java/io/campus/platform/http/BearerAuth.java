package io.campus.platform.http;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.platform.auth.Caller;
import io.campus.platform.auth.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Route handlers that admit a request only with a valid bearer token, and only with a role. */
public final class BearerAuth {

  private static final String CALLER = "campus.caller";
  private static final String SKIPPED = "campus.caller.unchecked";
  private static final String PREFIX = "Bearer ";

  private BearerAuth() {
  }

  /** 401 without a valid token; the verified {@link Caller} is then available through {@link #caller}. */
  public static Handler<RoutingContext> required(TokenVerifier verifier) {
    return ctx -> authenticate(ctx, verifier)
        .onSuccess(caller -> {
          ctx.put(CALLER, caller);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /**
   * For routes that answer anyone and say more to a signed-in user: without a token the request goes on anonymous;
   * with a bad token it is a 401 (a client that sends one should know); when tokens cannot be checked at all it goes
   * on anonymous and {@link #checkSkipped} says so, for the answer to report.
   */
  public static Handler<RoutingContext> optional(TokenVerifier verifier) {
    return ctx -> {
      if (ctx.request().getHeader("Authorization") == null) {
        ctx.next();
        return;
      }
      authenticate(ctx, verifier)
          .onSuccess(caller -> {
            ctx.put(CALLER, caller);
            ctx.next();
          })
          .onFailure(e -> {
            if (e instanceof CampusException campus && campus.code() == ErrorCode.UNAVAILABLE) {
              ctx.put(SKIPPED, true);
              ctx.next();
            } else {
              ctx.fail(e);
            }
          });
    };
  }

  /** The token of an {@code Authorization: Bearer <token>} header value, or null. */
  public static String tokenOf(String header) {
    return header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        ? header.substring(PREFIX.length()).trim()
        : null;
  }

  private static Future<Caller> authenticate(RoutingContext ctx, TokenVerifier verifier) {
    String token = tokenOf(ctx.request().getHeader("Authorization"));
    if (token == null) {
      return Future.failedFuture(CampusException.unauthorized("An access token is required (Authorization: Bearer ...)"));
    }
    return verifier.verify(token);
  }

  /** The caller, or null for an anonymous request (after {@link #optional}). */
  public static Caller callerOrNull(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** True when a token was sent but could not be checked (no keys yet), so the request went on anonymous. */
  public static boolean checkSkipped(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(SKIPPED));
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
