package io.campus.bff.common;

import io.campus.contracts.error.CampusException;
import io.campus.platform.auth.Caller;
import io.campus.platform.auth.TokenVerifier;
import io.campus.platform.http.BearerAuth;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;

import java.util.List;

/**
 * Who may run an operation is in the contract: no {@code security} is public, {@code [{}, {bearerAuth: []}]} takes
 * an optional token, {@code [{bearerAuth: [...]}]} requires one, and its scopes are roles the caller must have.
 * Decided for the {@link Operation} the router matched (never by looking the path up again), so no spelling of a
 * path reaches a handler without its operation's check.
 */
final class OperationAccess {

  static final String BEARER = "bearerAuth";

  private final TokenVerifier tokens;

  OperationAccess(TokenVerifier tokens) {
    this.tokens = tokens;
  }

  Future<Void> check(RoutingContext ctx, Operation operation) {
    List<SecurityRequirement> security = operation.getSecurityRequirements() == null
        ? List.of() : operation.getSecurityRequirements();
    if (security.isEmpty()) {
      return Future.succeededFuture();
    }
    boolean optional = security.stream().anyMatch(SecurityRequirement::isEmpty);
    Future<Caller> caller = optional ? BearerAuth.optional(ctx, tokens) : BearerAuth.required(ctx, tokens);
    return caller.compose(verified -> roles(verified, security));
  }

  /** The scopes of the {@code bearerAuth} requirement are roles; an anonymous caller of an optional one has none to need. */
  private static Future<Void> roles(Caller caller, List<SecurityRequirement> security) {
    String missing = security.stream()
        .filter(r -> r.getNames().contains(BEARER)).flatMap(r -> r.getScopes(BEARER).stream())
        .filter(role -> caller == null || !caller.has(role)).findFirst().orElse(null);
    return missing == null ? Future.succeededFuture()
        : Future.failedFuture(CampusException.forbidden("This needs the '" + missing + "' role"));
  }
}
