package io.campus.bff.common.auth;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.users.PublicKey;
import io.campus.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Checks access tokens with the users service's public keys: an ES256 signature by a known key, {@code iss},
 * {@code aud}, {@code exp} (required) and {@code iat}, a UUID {@code sub} and a {@code roles} list. The reason for a
 * refusal is logged, never returned, and the token itself is never logged. Without keys nothing is accepted:
 * vertx-auth-jwt would take unsigned tokens when it has no key, so we never ask it then.
 */
public final class TokenVerifier {

  private static final Logger LOG = Logger.getLogger(TokenVerifier.class.getName());
  private static final int LEEWAY_SECONDS = 5;

  private final Vertx vertx;
  private final String issuer;
  private final String audience;
  private static final int MAX_REMEMBERED = 10_000;

  private final AtomicReference<JWTAuth> auth = new AtomicReference<>();
  // Tokens already verified, until they expire: an ES256 check costs more than the rest of a cached request.
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private volatile Runnable onUnknownKey = () -> { };

  public TokenVerifier(Vertx vertx, String issuer, String audience) {
    this.vertx = vertx;
    this.issuer = issuer;
    this.audience = audience;
  }

  /** Verifies with exactly these keys from now on (a key rotation needs no restart). */
  public void useKeys(List<PublicKey> keys) {
    if (keys.isEmpty()) {
      return; // never fall back to an empty key set: that is the one that accepts "alg: none"
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions()
        .setIssuer(issuer).setAudience(List.of(audience)).setLeeway(LEEWAY_SECONDS));
    keys.forEach(k -> options.addJwk(k.jwk()));
    auth.set(JWTAuth.create(vertx, options));
    verified.clear(); // a key that is gone must not keep its tokens valid
  }

  /** A verified caller and when its token expires (epoch seconds). */
  public record Verified(Caller caller, long expiresAt) {
  }

  /** Called when a token names a key we do not have: perhaps the users service has rotated its key. */
  public void onUnknownKey(Runnable action) {
    this.onUnknownKey = action;
  }

  /** True once keys are loaded: before that every token is refused with {@code UNAVAILABLE}. */
  public boolean ready() {
    return auth.get() != null;
  }

  public Future<Caller> verify(String token) {
    return verifyToken(token).map(Verified::caller);
  }

  /** The caller and their token's expiry, for what must end when the token does. */
  public Future<Verified> verifyToken(String token) {
    JWTAuth current = auth.get();
    if (current == null) {
      return Future.failedFuture(CampusException.unavailable("Sign-in is not available yet"));
    }
    Verified known = verified.get(token);
    if (known != null && known.expiresAt() > System.currentTimeMillis() / 1000) {
      return Future.succeededFuture(known);
    }
    return current.authenticate(new TokenCredentials(token))
        .map(user -> {
          JsonObject claims = user.attributes().getJsonObject("accessToken"); // the decoded claims
          Verified checked = new Verified(caller(claims), claims.getLong("exp"));
          if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
          }
          verified.put(token, checked);
          return checked;
        })
        .recover(e -> {
          if (e instanceof NoSuchKeyIdException) {
            onUnknownKey.run();
          }
          LOG.info("access token refused: " + e.getMessage());
          return Future.failedFuture(CampusException.unauthorized("Missing or invalid access token"));
        });
  }

  private static Caller caller(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number) || !(claims.getValue("iat") instanceof Number)) {
      throw new IllegalArgumentException("token without exp or iat");
    }
    Object roles = claims.getValue("roles");
    if (!(roles instanceof JsonArray list)) {
      throw new IllegalArgumentException("token without roles");
    }
    Set<String> names = new HashSet<>();
    list.forEach(r -> names.add(String.valueOf(r)));
    return new Caller(UUID.fromString(claims.getString("sub")), names);
  }
}
