package io.campus.bff.common;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.bff.common.http.Problems;
import io.campus.bff.common.limits.RateLimiter;
import io.campus.contracts.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A BFF's HTTP API, contract first: {@code /api/*} is the router vertx-web-openapi-router builds from the BFF's
 * OpenAPI document, so every request is validated against the document before a handler sees it. Around it: CORS
 * for the configured SPA origin, the rate limiter, the body-size limit, the document at {@code /openapi.yaml}, a
 * docs page at {@code /docs}, and problem+json for every failure.
 */
public final class ApiRouter {

  /**
   * What a BFF's API is made of. The contract's paths are relative to its one server URL, whose path is {@code /api}
   * (vertx-openapi wants it absolute; {@code /openapi.yaml} answers it with the address the caller used).
   */
  public record Settings(String contract, long bodyLimit, RateLimiter limiter, TokenVerifier tokens,
                         Optional<String> corsOrigin) {
  }

  private ApiRouter() {
  }

  /** Loads the contract, lets {@code routes} attach handlers by operation id, and answers the finished router. */
  public static Future<Router> create(Vertx vertx, Settings settings, List<Consumer<RouterBuilder>> routes) {
    Future<Buffer> document = vertx.fileSystem().readFile(settings.contract());
    return document.compose(yaml -> OpenAPIContract.from(vertx, settings.contract())).map(contract -> {
      OperationAccess access = new OperationAccess(settings.tokens(), settings.limiter());
      // The builder calls the extractor first on the route it matched, with that route's operation: access is
      // decided there, before validation and before any handler, for exactly the operation that will run.
      RouterBuilder builder = RouterBuilder.create(vertx, contract, (ctx, operation) -> {
        ctx.put(ContractViolations.OPERATION, operation);
        return access.check(ctx, operation).compose(v -> RoutedRequest.extract(ctx, operation));
      });
      routes.forEach(mount -> mount.accept(builder));
      for (OpenAPIRoute route : builder.getRoutes()) {
        String id = route.getOperation().getOperationId();
        if (route.getHandlers().isEmpty()) {
          throw new IllegalStateException("no handler for operation " + id + " of " + settings.contract());
        }
        if (!route.doValidation()) {
          throw new IllegalStateException("operation " + id + " skips validation, and with it its access check");
        }
        route.setDoSecurity(false); // the contract's security is applied by OperationAccess, above
      }
      Router api = builder.createRouter();
      api.route().handler(ctx -> wrongMethod(ctx, contract));
      api.route().failureHandler(ContractViolations::answer);

      Router router = Router.router(vertx);
      router.route().handler(settings.limiter().perAddress()); // everything this server answers, /eventbus too
      settings.corsOrigin().ifPresent(origin -> router.route("/api/*").handler(CorsHandler.create().addOrigin(origin)
          .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "If-None-Match"))
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH))));
      router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(settings.bodyLimit()));
      router.route("/api/*").subRouter(api);
      String server = contract.getServers().get(0).getURL();
      // Served with a relative server URL, so the document never reflects a request's Host header.
      String served = document.result().toString().replace(server, contract.getServers().get(0).getBasePath());
      router.get("/openapi.yaml").handler(ctx -> ctx.response()
          .putHeader("Content-Type", "application/yaml; charset=utf-8").end(served));
      router.get("/docs").handler(ctx -> ctx.response().sendFile("campus-docs/index.html")); // also /docs/
      router.get("/docs/campus-docs.js").handler(ctx -> ctx.response().sendFile("campus-docs/campus-docs.js"));
      router.get("/docs/*").handler(StaticHandler.create(Webjars.root("swagger-ui")));
      Problems.installOn(router, settings.bodyLimit());
      return router;
    });
  }

  /** The route of {@code operationId}; a name the contract does not have fails at start, not at the first request. */
  public static OpenAPIRoute operation(RouterBuilder api, String operationId) {
    OpenAPIRoute route = api.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("the API contract has no operation " + operationId);
    }
    return route;
  }

  /** Reached when no operation matched: a path of the contract asked with another method is a 405. */
  private static void wrongMethod(RoutingContext ctx, OpenAPIContract contract) {
    if (contract.findPath(ctx.normalizedPath()) == null) {
      ctx.next();
    } else {
      Problems.send(ctx, 405, ErrorCode.VALIDATION,
          "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path());
    }
  }

}
