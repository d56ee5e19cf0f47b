package io.campus.bff.common;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.limits.RateLimiter;
import io.campus.contracts.error.CampusException;
import io.campus.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;

import java.util.List;

/**
 * Who may run an operation is in the contract: no {@code security} is public, {@code [{}, {bearerAuth: []}]} takes
 * an optional token, {@code [{bearerAuth: [...]}]} requires one, and its scopes are roles the caller must have.
 * Decided for the {@link Operation} the router matched (never by looking the path up again), so no spelling of a
 * path reaches a handler without its operation's check. A verified caller is then counted against their own rate
 * limit (by subject, whatever the spelling of the header).
 */
final class OperationAccess {

  static final String BEARER = "bearerAuth";

  private final TokenVerifier tokens;
  private final RateLimiter limiter;

  OperationAccess(TokenVerifier tokens, RateLimiter limiter) {
    this.tokens = tokens;
    this.limiter = limiter;
  }

  Future<Void> check(RoutingContext ctx, Operation operation) {
    List<SecurityRequirement> security = operation.getSecurityRequirements() == null
        ? List.of() : operation.getSecurityRequirements();
    if (security.isEmpty()) {
      return Future.succeededFuture();
    }
    boolean optional = security.stream().anyMatch(SecurityRequirement::isEmpty);
    Future<Caller> caller = optional ? BearerAuth.optional(ctx, tokens) : BearerAuth.required(ctx, tokens);
    return caller.compose(verified -> verified == null ? roles(null, security)
        : limiter.perUser(verified).compose(v -> roles(verified, security)));
  }

  /** The scopes of the {@code bearerAuth} requirement are roles the caller needs; an anonymous one has none. */
  private static Future<Void> roles(Caller caller, List<SecurityRequirement> security) {
    String missing = security.stream()
        .filter(r -> r.getNames().contains(BEARER)).flatMap(r -> r.getScopes(BEARER).stream())
        .filter(role -> caller == null || !caller.has(role)).findFirst().orElse(null);
    return missing == null ? Future.succeededFuture()
        : Future.failedFuture(CampusException.forbidden("This needs the '" + missing + "' role"));
  }
}
