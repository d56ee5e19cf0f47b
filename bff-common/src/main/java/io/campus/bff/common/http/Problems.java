package io.campus.bff.common.http;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place errors become HTTP: an RFC 9457 {@code application/problem+json} body whose {@code code} is the
 * error vocabulary's. Installed on a BFF's router, it also answers what vertx-web rejects itself (unknown route,
 * wrong method, body too large), so no client ever sees an HTML error page or a stack trace.
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = Logger.getLogger(Problems.class.getName());

  private Problems() {
  }

  /** Answers every failure of {@code router} with problem+json. */
  public static void installOn(Router router, long bodyLimit) {
    router.errorHandler(404, ctx -> send(ctx, 404, ErrorCode.NOT_FOUND, "No such resource: " + ctx.request().path()));
    router.errorHandler(405, ctx -> send(ctx, 405, ErrorCode.VALIDATION,
        "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.route().failureHandler(ctx -> fail(ctx, bodyLimit));
  }

  public static void send(RoutingContext ctx, CampusException error) {
    send(ctx, error.code().httpStatus(), error.code(), error.detail(), error);
  }

  public static void send(RoutingContext ctx, int status, ErrorCode code, String detail) {
    send(ctx, status, code, detail, null);
  }

  private static void fail(RoutingContext ctx, long bodyLimit) {
    Throwable failure = ctx.failure();
    if (failure instanceof CampusException campus) {
      send(ctx, campus);
    } else if (ctx.statusCode() == 413) {
      send(ctx, 413, ErrorCode.VALIDATION, "The request body is larger than " + bodyLimit + " bytes");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      send(ctx, ctx.statusCode(), ErrorCode.VALIDATION, "The request cannot be processed");
    } else {
      LOG.log(Level.SEVERE, "unhandled failure on " + ctx.request().method() + " " + ctx.request().path(), failure);
      send(ctx, 500, ErrorCode.INTERNAL, "Something went wrong on our side");
    }
  }

  private static void send(RoutingContext ctx, int status, ErrorCode code, String detail, CampusException error) {
    if (ctx.response().ended()) {
      return;
    }
    JsonObject body = new JsonObject()
        .put("type", "urn:campus:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .put("title", code.title())
        .put("status", status)
        .put("detail", detail)
        .put("instance", ctx.request().path())
        .put("code", code.name());
    if (error != null && !error.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      error.errors().forEach(e -> errors.add(new JsonObject().put("name", e.field()).put("reason", e.reason())));
      body.put("errors", errors);
    }
    if (error != null && error.retryAfterSeconds() > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    } else if (status == 429 || status == 503 || status == 504) {
      // The API promises every one of these a Retry-After: 1 s where the failure did not know better.
      ctx.response().putHeader("Retry-After", "1");
    }
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
  }
}
