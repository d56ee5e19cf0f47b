package io.campus.bff.web;

import io.campus.contracts.users.PublicKey;
import io.campus.users.tokens.SigningKey;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Tokens an attacker or a broken client might send, signed with the real key or not. */
final class ForgedTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Vertx vertx;
  private final JsonObject realPrivateJwk;
  private final String issuer;
  private final String audience;

  ForgedTokens(Vertx vertx, JsonObject realPrivateJwk, String issuer, String audience) {
    this.vertx = vertx;
    this.realPrivateJwk = realPrivateJwk;
    this.issuer = issuer;
    this.audience = audience;
  }

  /** Claims a valid token has, for user {@code sub}. */
  JsonObject claims(UUID sub) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", sub.toString()).put("roles", new JsonArray().add("student"))
        .put("iss", issuer).put("aud", audience).put("iat", now).put("exp", now + 600);
  }

  String signedWithRealKey(JsonObject claims) {
    return sign(realPrivateJwk, claims);
  }

  String signedWithUnknownKey(JsonObject claims) {
    return sign(SigningKey.generate().privateJwk(), claims);
  }

  String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims) + ".";
  }

  /** The "algorithm confusion" attack: HMAC with the public key as the shared secret. */
  String hmacWithPublicKey(JsonObject claims) throws Exception {
    JsonObject publicJwk = realPrivateJwk.copy();
    publicJwk.remove("d");
    String signingInput = encode(new JsonObject().put("alg", "HS256").put("typ", "JWT")
        .put("kid", realPrivateJwk.getString("kid"))) + "." + encode(claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(publicJwk.encode().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  private String sign(JsonObject privateJwk, JsonObject claims) {
    // Claims are given whole (no timestamps added), so a test can leave out exp or put it in the past.
    return JWTAuth.create(vertx, new JWTAuthOptions().addJwk(privateJwk))
        .generateToken(claims, new JWTOptions().setAlgorithm(PublicKey.ALGORITHM).setNoTimestamp(true));
  }

  private static String encode(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
