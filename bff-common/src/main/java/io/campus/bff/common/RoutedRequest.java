package io.campus.bff.common;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;

import java.util.HashMap;
import java.util.Map;

/** A request as the contract validates it: what the handlers will read, not what the raw request line says. */
record RoutedRequest(ValidatableRequest request, Map<String, RequestParameter> path, String contentType)
    implements ValidatableRequest {

  /**
   * The request as the handlers will read it: the body the body handler read (without a Content-Type, as JSON, the
   * API's only type), and the path parameters the router took from the normalised path. vertx-openapi would cut them
   * from the raw path, where {@code //}, {@code ./} or {@code x/..} shift the segments, so the value validated would
   * not be the one a handler gets.
   */
  static Future<ValidatableRequest> extract(RoutingContext ctx, Operation op) {
    Map<String, RequestParameter> path = new HashMap<>();
    for (Parameter parameter : op.getParameters()) {
      if (parameter.getIn() == Location.PATH) {
        path.put(parameter.getName(), new RequestParameterImpl(ctx.pathParam(parameter.getName())));
      }
    }
    return RequestUtils.extract(ctx.request(), op, () -> Future.succeededFuture(ctx.body().buffer()))
        .map(request -> new RoutedRequest(request, path,
            request.getContentType() == null ? "application/json" : request.getContentType()));
  }

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
