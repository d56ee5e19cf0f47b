package io.campus.bff.common;

import io.campus.contracts.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * JSON answers with an entity tag: the hash of the bytes. A client that sends it back in {@code If-None-Match} gets
 * a 304 with no body, which is what a phone on a slow network wants.
 */
public final class Etags {

  private Etags() {
  }

  public static void json(RoutingContext ctx, Object body) {
    byte[] bytes = Json.toBytes(body);
    String etag = "\"" + hash(bytes) + "\"";
    ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "private, no-cache");
    String ifNoneMatch = ctx.request().getHeader("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("W/" + etag))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(bytes));
  }

  private static String hash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always there", e);
    }
  }
}
