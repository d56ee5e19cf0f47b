package io.campus.bff.common.http;

import io.campus.contracts.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Successful JSON answers, written straight from the record to bytes. */
public final class Responses {

  private Responses() {
  }

  public static void json(RoutingContext ctx, Object body) {
    ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.toBytes(body)));
  }
}
