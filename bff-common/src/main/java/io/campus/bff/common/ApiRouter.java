package io.campus.bff.common;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.bff.common.http.Problems;
import io.campus.bff.common.limits.RateLimiter;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.error.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final String OPERATION = "campus.operation";

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
        ctx.put(OPERATION, operation);
        return access.check(ctx, operation).compose(v -> extract(ctx, operation));
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
      api.route().failureHandler(ApiRouter::contractViolation);

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

  /**
   * The request as the handlers will read it: the body the body handler read (without a Content-Type, as JSON, the
   * API's only type), and the path parameters the router took from the normalised path. vertx-openapi would cut them
   * from the raw path, where {@code //}, {@code ./} or {@code x/..} shift the segments, so the value validated would
   * not be the one a handler gets.
   */
  private static Future<ValidatableRequest> extract(RoutingContext ctx, Operation op) {
    Map<String, RequestParameter> path = new HashMap<>();
    for (Parameter parameter : op.getParameters()) {
      if (parameter.getIn() == Location.PATH) {
        path.put(parameter.getName(), new RequestParameterImpl(ctx.pathParam(parameter.getName())));
      }
    }
    return RequestUtils.extract(ctx.request(), op, () -> Future.succeededFuture(ctx.body().buffer()))
        .map(request -> new Routed(request, path,
            request.getContentType() == null ? "application/json" : request.getContentType()));
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

  /** A request that failed the contract gets the API's own problem+json, naming what was wrong. */
  private static void contractViolation(RoutingContext ctx) {
    if (!(ctx.failure() instanceof HttpException http) || !(http.getCause() instanceof ValidatorException invalid)) {
      ctx.next();
      return;
    }
    if (invalid.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
      Problems.send(ctx, 415, ErrorCode.VALIDATION, "The request body must be JSON (Content-Type: application/json)");
      return;
    }
    Problems.send(ctx, new CampusException(ErrorCode.VALIDATION, invalid.getMessage(),
        List.of(fieldError(invalid, ctx.get(OPERATION)))));
  }

  /**
   * The one input the failure is about: a parameter (vertx-openapi names it only in its message), or the place in
   * the JSON body ({@code price.amount}; a missing property by its own name; {@code body} for the body as a whole).
   */
  static FieldError fieldError(ValidatorException invalid, Operation operation) {
    String message = invalid.getMessage();
    if (operation != null) {
      for (Parameter parameter : operation.getParameters()) {
        if (message.contains(" parameter " + parameter.getName() + " ")
            || message.endsWith(" parameter " + parameter.getName())) {
          return new FieldError(parameter.getName(), message);
        }
      }
    }
    if (!(invalid instanceof SchemaValidationException schema) || schema.getOutputUnit().getErrors() == null) {
      return new FieldError("body", message);
    }
    // The most specific error is the one deepest in the document.
    OutputUnit unit = schema.getOutputUnit().getErrors().stream()
        .max(Comparator.comparingInt((OutputUnit u) -> location(u).length())).orElseThrow();
    String field = location(unit);
    Matcher property = QUOTED.matcher(unit.getError() == null ? "" : unit.getError());
    String keyword = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    if ((keyword.endsWith("/required") || keyword.endsWith("/additionalProperties")) && property.find()) {
      String name = property.group(1);
      field = field.isEmpty() || field.equals(name) || field.endsWith("." + name) ? name : field + "." + name;
    }
    return new FieldError(field.isEmpty() ? "body" : field, unit.getError());
  }

  private static final Pattern QUOTED = Pattern.compile("[\"']([^\"']+)[\"']");

  private static String location(OutputUnit unit) {
    String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    return location.replaceFirst("^#?/?", "").replace('/', '.');
  }

  private record Routed(ValidatableRequest request, Map<String, RequestParameter> path, String contentType)
      implements ValidatableRequest {

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public Map<String, RequestParameter> getCookies() {
      return request.getCookies();
    }

    @Override
    public Map<String, RequestParameter> getPathParameters() {
      return path;
    }

    @Override
    public Map<String, RequestParameter> getQuery() {
      return request.getQuery();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return request.getHeaders();
    }

    @Override
    public RequestParameter getBody() {
      return request.getBody();
    }
  }
}
