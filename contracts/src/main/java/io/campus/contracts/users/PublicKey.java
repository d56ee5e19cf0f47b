package io.campus.contracts.users;

import io.vertx.core.json.JsonObject;

/** One public JSON Web Key (RFC 7517) of an EC P-256 signing key: {@code kty EC, crv P-256, alg ES256}. */
public record PublicKey(String kid, String kty, String crv, String x, String y, String alg, String use) {

  /** The one signature algorithm of Campus tokens. */
  public static final String ALGORITHM = "ES256";

  /** The JWK form vertx-auth-jwt reads. */
  public JsonObject jwk() {
    return new JsonObject().put("kid", kid).put("kty", kty).put("crv", crv).put("x", x).put("y", y).put("alg", alg)
        .put("use", use);
  }
}
