package io.campus.bff.web.live;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.bff.common.http.BearerAuth;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * What the live-update bridge lets a browser do, socket by socket. It may register only on its own user's address,
 * with that user's token, once, for one user per socket, and send or publish nothing. A user has at most {@code socketsPerUser} sockets with
 * registrations, a socket at most {@code registrationsPerSocket} registrations; a registration ends when the token
 * it was made with expires (nothing more is delivered on it; the app registers again with a fresh token). A socket
 * refused {@code refusalsPerSocket} times is closed, and refusals are logged once a minute as a count, not one line
 * per attempt. Shared by the HTTP verticles of one BFF, so its state is concurrent.
 */
final class BridgeAccess implements Handler<BridgeEvent> {

  private static final Logger LOG = Logger.getLogger(BridgeAccess.class.getName());
  private static final long LOG_EVERY_MS = 60_000;

  /** One socket's registrations: address to its token's expiry (epoch seconds), and whose they are. */
  private static final class SocketState {
    final Map<String, Long> expiries = new ConcurrentHashMap<>();
    final AtomicInteger pending = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    volatile UUID user;
  }

  private final TokenVerifier tokens;
  private final LiveUpdates.Limits limits;
  private final Map<SockJSSocket, SocketState> sockets = new ConcurrentHashMap<>();
  private final Map<UUID, Set<SockJSSocket>> byUser = new ConcurrentHashMap<>();
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(System.currentTimeMillis() - LOG_EVERY_MS);

  BridgeAccess(TokenVerifier tokens, LiveUpdates.Limits limits) {
    this.tokens = tokens;
    this.limits = limits;
  }

  @Override
  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case SEND, PUBLISH -> refuse(event, state(event), "a send from a browser");
      case REGISTER -> register(event);
      case UNREGISTER -> {
        unregister(event.socket(), state(event), event.getRawMessage().getString("address", ""));
        event.complete(true);
      }
      case RECEIVE -> event.complete(current(event));
      case SOCKET_CLOSED -> {
        forget(event.socket());
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  private void register(BridgeEvent event) {
    SocketState state = state(event);
    JsonObject message = event.getRawMessage();
    String address = message.getString("address", "");
    String token = BearerAuth.tokenOf(message.getJsonObject("headers", new JsonObject()).getString("Authorization"));
    if (token == null || !address.startsWith(LiveUpdates.PREFIX)) {
      refuse(event, state, "a registration without a token or on a foreign address");
      return;
    }
    if (state.expiries.containsKey(address)) {
      refuse(event, state, "a second registration of one address"); // to renew a token: unregister, register
      return;
    }
    if (state.expiries.size() + state.pending.get() >= limits.registrationsPerSocket()) {
      refuse(event, state, "a registration over the socket's cap");
      return;
    }
    state.pending.incrementAndGet();
    tokens.verifyToken(token).onComplete(ar -> {
      state.pending.decrementAndGet();
      if (sockets.get(event.socket()) != state) { // closed while the token was checked
        event.complete(false);
        return;
      }
      UUID user = ar.succeeded() ? ar.result().caller().userId() : null;
      if (user == null || !address.equals(LiveUpdates.address(user.toString()))) {
        refuse(event, state, "a registration on another user's address or with a bad token");
        return;
      }
      if (state.user != null && !state.user.equals(user)) {
        refuse(event, state, "a second user on one socket"); // one socket serves one signed-in user
        return;
      }
      Set<SockJSSocket> own = byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet());
      if (!own.contains(event.socket()) && own.size() >= limits.socketsPerUser()) {
        refuse(event, state, "a socket over the user's cap");
        return;
      }
      own.add(event.socket());
      state.user = user;
      state.expiries.put(address, ar.result().expiresAt());
      event.complete(true);
    });
  }

  /** A message is delivered only on a registration whose token has not expired. */
  private boolean current(BridgeEvent event) {
    Long expiry = state(event).expiries.get(event.getRawMessage().getString("address", ""));
    return expiry != null && System.currentTimeMillis() / 1000 < expiry;
  }

  private void refuse(BridgeEvent event, SocketState state, String what) {
    event.complete(false);
    if (state.refused.incrementAndGet() >= limits.refusalsPerSocket()) {
      event.socket().close();
    }
    long count = refusedSinceLog.incrementAndGet();
    long last = lastLog.get();
    long now = System.currentTimeMillis();
    if (now - last >= LOG_EVERY_MS && lastLog.compareAndSet(last, now)) {
      refusedSinceLog.addAndGet(-count);
      LOG.info("live updates: refused " + count + " request(s) in the last minute, the latest " + what);
    }
  }

  private SocketState state(BridgeEvent event) {
    return sockets.computeIfAbsent(event.socket(), s -> new SocketState());
  }

  /** A socket without registrations no longer counts against its user's sockets. */
  private void unregister(SockJSSocket socket, SocketState state, String address) {
    state.expiries.remove(address);
    if (state.expiries.isEmpty() && state.pending.get() == 0) {
      release(socket, state);
    }
  }

  private void forget(SockJSSocket socket) {
    SocketState state = sockets.remove(socket);
    if (state != null) {
      release(socket, state);
    }
  }

  private void release(SockJSSocket socket, SocketState state) {
    if (state.user != null) {
      byUser.computeIfPresent(state.user, (user, own) -> {
        own.remove(socket);
        return own.isEmpty() ? null : own;
      });
    }
  }
}
