package io.campus.users.tokens;

import io.campus.contracts.users.AccessToken;
import io.campus.contracts.users.PublicKey;
import io.campus.contracts.users.PublicKeys;
import io.campus.platform.auth.TokenSettings;
import io.campus.users.store.KeyStore.StoredKey;
import io.campus.users.store.KeyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Signs access tokens (ES256) with the newest key in the database and publishes the keys that may still verify
 * live tokens. A key stays published until its successor is older than a token's lifetime plus a margin. Every
 * instance re-reads the keys every few seconds, so a rotation made on one instance reaches the others.
 */
public final class TokenIssuer {

  private static final Duration RELOAD_AFTER = Duration.ofSeconds(5);
  private static final Duration GRACE = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final Pool pool;
  private final TokenSettings settings;
  private final KeyStore store = new KeyStore();
  private volatile Keys keys;

  /** The loaded state: who signs, what is published, when it was read. */
  private record Keys(JWTAuth signer, PublicKeys published, Instant loadedAt) {
  }

  public TokenIssuer(Vertx vertx, Pool pool, TokenSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
  }

  /** Loads the keys, making the first one when there is none. */
  public Future<Void> start() {
    return store.all(pool)
        .compose(all -> all.isEmpty() ? store.insert(pool, SigningKey.generate()) : Future.succeededFuture())
        .compose(v -> reload())
        .mapEmpty();
  }

  public Future<AccessToken> issue(UUID userId, List<String> roles) {
    return current().map(k -> new AccessToken(k.signer().generateToken(
        new JsonObject().put("sub", userId.toString()).put("roles", new JsonArray(roles)),
        new JWTOptions()
            .setAlgorithm(PublicKey.ALGORITHM)
            .setExpiresInSeconds(settings.ttlSeconds())
            .setIssuer(settings.issuer())
            .setAudience(List.of(settings.audience()))),
        "Bearer", settings.ttlSeconds()));
  }

  public Future<PublicKeys> publicKeys() {
    return current().map(Keys::published);
  }

  /** Makes a new signing key; tokens signed before stay valid until they expire. */
  public Future<PublicKeys> rotate() {
    return store.insert(pool, SigningKey.generate()).compose(v -> reload()).map(Keys::published);
  }

  private Future<Keys> current() {
    Keys now = keys;
    return now != null && now.loadedAt().plus(RELOAD_AFTER).isAfter(Instant.now())
        ? Future.succeededFuture(now)
        : reload();
  }

  private Future<Keys> reload() {
    return store.all(pool).map(all -> {
      StoredKey newest = all.get(0);
      // One private key per signer: given several, vertx-auth-jwt picks one at random for each token.
      JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(newest.key().privateJwk()));
      Keys loaded = new Keys(signer, new PublicKeys(stillNeeded(all)), Instant.now());
      keys = loaded;
      return loaded;
    });
  }

  private List<PublicKey> stillNeeded(List<StoredKey> newestFirst) {
    Instant horizon = Instant.now().minus(Duration.ofSeconds(settings.ttlSeconds())).minus(GRACE);
    List<PublicKey> published = new ArrayList<>();
    published.add(newestFirst.get(0).key().publicKey());
    for (int i = 1; i < newestFirst.size(); i++) {
      if (newestFirst.get(i - 1).createdAt().isBefore(horizon)) {
        break; // tokens signed with this key or older have all expired
      }
      published.add(newestFirst.get(i).key().publicKey());
    }
    return published;
  }
}
