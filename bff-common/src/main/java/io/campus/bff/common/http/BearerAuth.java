package io.campus.bff.common.http;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** Bearer tokens of a request: who the caller is, checked once, then read by handlers. */
public final class BearerAuth {

  private static final String CALLER = "campus.caller";
  private static final String SKIPPED = "campus.caller.unchecked";
  private static final String PREFIX = "Bearer ";

  private BearerAuth() {
  }

  /** Fails with UNAUTHORIZED without a valid token; the verified {@link Caller} is then available via {@link #caller}. */
  public static Future<Caller> required(RoutingContext ctx, TokenVerifier verifier) {
    String token = tokenOf(ctx.request().getHeader("Authorization"));
    if (token == null) {
      return Future.failedFuture(CampusException.unauthorized("An access token is required (Authorization: Bearer ...)"));
    }
    return verifier.verify(token).onSuccess(caller -> ctx.put(CALLER, caller));
  }

  /**
   * For operations that answer anyone and say more to a signed-in user: without a token the request goes on
   * anonymous (null); with a bad token it fails UNAUTHORIZED (a client that sends one should know); when tokens
   * cannot be checked at all it goes on anonymous and {@link #checkSkipped} says so, for the answer to report.
   */
  public static Future<Caller> optional(RoutingContext ctx, TokenVerifier verifier) {
    if (ctx.request().getHeader("Authorization") == null) {
      return Future.succeededFuture();
    }
    return required(ctx, verifier).recover(e -> {
      if (e instanceof CampusException campus && campus.code() == ErrorCode.UNAVAILABLE) {
        ctx.put(SKIPPED, true);
        return Future.succeededFuture();
      }
      return Future.failedFuture(e);
    });
  }

  /** The token of an {@code Authorization: Bearer <token>} header value, or null. */
  public static String tokenOf(String header) {
    return header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        ? header.substring(PREFIX.length()).trim()
        : null;
  }

  /** The caller, or null for an anonymous request (after {@link #optional}). */
  public static Caller callerOrNull(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** True when a token was sent but could not be checked (no keys yet), so the request went on anonymous. */
  public static boolean checkSkipped(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(SKIPPED));
  }

  /**
   * The verified caller. A handler reached without one is answered 401, never served anonymous and never a 500:
   * the last wall behind the contract's access check.
   */
  public static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER);
    if (caller == null) {
      throw CampusException.unauthorized("An access token is required (Authorization: Bearer ...)");
    }
    return caller;
  }
}
