package io.campus.bff.common.http;

import io.campus.contracts.Json;
import io.campus.contracts.error.CampusException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request body into a record strictly: malformed JSON, wrong types, unknown or missing fields are a 400. */
public final class JsonBodies {

  private JsonBodies() {
  }

  public static <T> T read(RoutingContext ctx, Class<T> type) {
    JsonObject json;
    try {
      json = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw CampusException.invalid("body", "is not a JSON object");
    }
    if (json == null) {
      throw CampusException.invalid("body", "a JSON object is required");
    }
    return Json.decodeRequest(json, type);
  }
}
