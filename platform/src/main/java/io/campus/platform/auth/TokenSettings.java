package io.campus.platform.auth;

import io.campus.platform.config.CampusConfig;

/**
 * What every access token claims and every verifier demands: the issuer, the audience and, for the issuer, how
 * long a token lives. One definition, so the users service and the BFFs cannot drift apart.
 */
public record TokenSettings(String issuer, String audience, int ttlSeconds) {

  public static TokenSettings from(CampusConfig config) {
    return new TokenSettings(
        config.get("auth.issuer", "campus"),
        config.get("auth.audience", "campus-api"),
        config.getInt("auth.token.ttl.seconds", 900, 1));
  }
}
