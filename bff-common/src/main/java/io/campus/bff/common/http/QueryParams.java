package io.campus.bff.common.http;

import io.campus.contracts.error.CampusException;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** Reads query parameters; anything out of shape is a {@code VALIDATION} error naming the parameter. */
public final class QueryParams {

  private QueryParams() {
  }

  public static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = single(ctx, name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the accepted range
    }
    throw CampusException.invalid(name, "must be a whole number from " + min + " to " + max);
  }

  /** {@code true} or {@code false}, or the fallback when absent. */
  public static boolean boolParam(RoutingContext ctx, String name, boolean fallback) {
    String raw = single(ctx, name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    return switch (raw) {
      case "true" -> true;
      case "false" -> false;
      default -> throw CampusException.invalid(name, "must be true or false");
    };
  }

  /** A trimmed text parameter, or null when absent or blank. */
  public static String textParam(RoutingContext ctx, String name, int maxLength) {
    String raw = single(ctx, name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (raw.length() > maxLength) {
      throw CampusException.invalid(name, "must be at most " + maxLength + " characters");
    }
    return raw.trim();
  }

  private static String single(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw CampusException.invalid(name, "must be given once");
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
