package io.campus.bff.common.http;

import io.campus.contracts.error.CampusException;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/** Reads path parameters; one that is out of shape is a {@code VALIDATION} error naming it. */
public final class PathParams {

  private PathParams() {
  }

  public static UUID uuid(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw CampusException.invalid(name, "is not an id");
    }
  }
}
