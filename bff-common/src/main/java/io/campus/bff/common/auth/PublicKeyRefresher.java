package io.campus.bff.common.auth;

import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.users.KeysQuery;
import io.campus.contracts.users.UsersApi;
import io.vertx.core.Vertx;

import java.util.logging.Logger;

/**
 * Keeps a {@link TokenVerifier}'s keys current: asks the users service every second until the first keys arrive,
 * then every {@code refreshMs}, and at once (at most once a second) when a token names an unknown key.
 */
public final class PublicKeyRefresher {

  private static final Logger LOG = Logger.getLogger(PublicKeyRefresher.class.getName());
  private static final long TICK_MS = 1_000;

  private final Vertx vertx;
  private final Upstream users;
  private final TokenVerifier verifier;
  private final long refreshMs;
  private long timer = -1;
  private long lastLoaded;
  private boolean inFlight;
  private volatile boolean wanted = true;

  public PublicKeyRefresher(Vertx vertx, Upstream users, TokenVerifier verifier, long refreshMs) {
    this.vertx = vertx;
    this.users = users;
    this.verifier = verifier;
    this.refreshMs = refreshMs;
    verifier.onUnknownKey(() -> wanted = true);
  }

  public void start() {
    timer = vertx.setPeriodic(1, TICK_MS, id -> tick());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void tick() {
    boolean due = wanted || !verifier.ready() || System.currentTimeMillis() - lastLoaded >= refreshMs;
    if (!due || inFlight) {
      return;
    }
    inFlight = true;
    wanted = false;
    users.call(UsersApi.PUBLIC_KEYS, new KeysQuery())
        .onSuccess(keys -> {
          verifier.useKeys(keys.keys());
          lastLoaded = System.currentTimeMillis();
        })
        .onFailure(e -> LOG.warning("token keys not loaded from users: " + e.getMessage()))
        .onComplete(ar -> inFlight = false);
  }
}
