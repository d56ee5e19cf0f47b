package io.campus.bridge.guard;

import io.campus.bridge.BridgeSettings;
import io.campus.contracts.BusHeaders;
import io.campus.contracts.bridge.BridgeApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The bridge's event handler: it sees every frame a client sends and decides. A frame from a client that has not
 * proved who it is (a certificate, or the secret in this very frame's headers) is refused and the socket closed. A
 * registration must be permitted, new on its socket (the bridge would otherwise leak the first consumer), and within
 * the socket's cap. What a client sends on the bus carries only headers it may set: its own {@code campus-caller-*}
 * (a claim to act for a user or an admin), the secret, and the bridge's delivery switches ({@code codecName},
 * {@code localOnly}) are taken out, its timeout is bounded, and the bridge names the client and the socket.
 */
public final class BridgeGuard implements Handler<BridgeEvent> {

  private static final Logger LOG = Logger.getLogger(BridgeGuard.class.getName());
  /**
   * Headers a client may not set, in lower case (the bus's headers are case-insensitive, and the first value added
   * wins): the bridge's own, any claim of a caller, and the bridge's delivery switches. The timeout is the bridge's
   * to bound.
   */
  private static final Set<String> RESERVED = Set.of("codecname", "localonly", "timeout");
  private static final List<String> RESERVED_PREFIXES = List.of("campus-bridge-",
      BusHeaders.SUBJECT.substring(0, BusHeaders.SUBJECT.lastIndexOf('-') + 1));

  private final BridgeSettings settings;
  private final byte[] secret;
  private final Map<NetSocket, BridgeSocket> sockets = new HashMap<>();
  private final Map<String, BridgeSocket> byId = new HashMap<>();
  private Counter refused;
  private Counter unauthenticated;

  public BridgeGuard(BridgeSettings settings) {
    this.settings = settings;
    this.secret = settings.secret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  /** Sockets open, frames refused, and clients refused for not proving who they are, on the node's metrics. */
  public BridgeGuard measuredBy(MeterRegistry meters) {
    Gauge.builder("campus.bridge.sockets", sockets, Map::size).description("clients connected to the bridge")
        .register(meters);
    refused = Counter.builder("campus.bridge.frames.refused").description("frames a client may not send")
        .register(meters);
    unauthenticated = Counter.builder("campus.bridge.unauthenticated")
        .description("sockets closed because a frame did not prove who sent it").register(meters);
    return this;
  }

  /** The open socket with this id ({@link BridgeApi#SOCKET_HEADER}). */
  public Optional<BridgeSocket> socket(String id) {
    return Optional.ofNullable(id).map(byId::get);
  }

  public int openSockets() {
    return sockets.size();
  }

  @Override
  public void handle(BridgeEvent event) {
    NetSocket socket = event.socket();
    JsonObject frame = event.getRawMessage();
    BridgeSocket client = sockets.get(socket);
    if (frame == null) {
      event.complete(false);
      return;
    }
    if (event.type() == BridgeEventType.REGISTERED && client != null) {
      // The bridge's own event after a registration this guard allowed (its frame's secret is gone by now).
      event.complete(true);
      return;
    }
    if (client == null) {
      Optional<String> who = certified(socket);
      if (who.isEmpty() && !carriesSecret(frame)) {
        shut(event, socket);
        return;
      }
      client = open(socket, who.orElse("secret"), who.isPresent());
    } else if (!client.certified() && !carriesSecret(frame)) {
      shut(event, socket);
      return;
    }
    // The bridge reads every frame's headers into delivery options, whatever its type, and logs a frame it finds no
    // address in: from here on the frame holds only headers that cannot break that, and never the secret.
    frame.put("headers", sanitised(frame.getValue("headers"), client));
    event.complete(allowed(event.type(), frame, client));
  }

  private boolean allowed(BridgeEventType type, JsonObject frame, BridgeSocket client) {
    String address = frame.getValue("address") instanceof String a ? a : null;
    return switch (type) {
      case SOCKET_PING -> true;
      case REGISTER -> register(address, client);
      case UNREGISTER -> {
        if (address == null) {
          yield refuse("unregister without an address", client);
        }
        client.registrations().remove(address);
        yield true;
      }
      case SEND, PUBLISH -> address != null || refuse(type + " without an address", client);
      default -> refuse(type + " is not a frame a client sends", client);
    };
  }

  private boolean register(String address, BridgeSocket client) {
    if (address == null || !matches(settings.register(), address)) {
      return refuse("register " + address + ": not permitted", client);
    }
    if (client.registrations().contains(address)) {
      return refuse("register " + address + ": already registered on this socket", client);
    }
    if (client.registrations().size() >= settings.maxRegistrations()) {
      return refuse("register " + address + ": the socket holds " + settings.maxRegistrations()
          + " registrations already", client);
    }
    client.registrations().add(address);
    return true;
  }

  private JsonObject sanitised(Object headers, BridgeSocket client) {
    JsonObject clean = new JsonObject();
    long timeout = settings.maxTimeoutMs();
    if (headers instanceof JsonObject given) {
      for (Map.Entry<String, Object> header : given) {
        Object value = header.getValue();
        String name = header.getKey().toLowerCase(Locale.ROOT);
        if ("timeout".equals(name) && value instanceof Number n) {
          timeout = Math.max(1, Math.min(n.longValue(), settings.maxTimeoutMs()));
        } else if (!RESERVED.contains(name) && RESERVED_PREFIXES.stream().noneMatch(name::startsWith)
            && (value instanceof String || value instanceof Number || value instanceof Boolean)) {
          clean.put(header.getKey(), String.valueOf(value));
        }
      }
    }
    return clean.put("timeout", timeout)
        .put(BridgeApi.CLIENT_HEADER, client.client())
        .put(BridgeApi.SOCKET_HEADER, client.id());
  }

  private boolean refuse(String why, BridgeSocket client) {
    if (refused != null) {
      refused.increment();
    }
    LOG.fine(() -> "refused a frame of bridge client " + client.client() + " (" + client.id() + "): " + why);
    return false;
  }

  private void shut(BridgeEvent event, NetSocket socket) {
    if (unauthenticated != null) {
      unauthenticated.increment();
    }
    LOG.warning("closed a bridge socket from " + socket.remoteAddress()
        + ": a frame without the bridge's secret or certificate");
    event.complete(false);
    socket.close();
  }

  private BridgeSocket open(NetSocket socket, String who, boolean certified) {
    BridgeSocket client = new BridgeSocket(who, certified);
    sockets.put(socket, client);
    byId.put(client.id(), client);
    // The bridge itself listens for the end of the stream only; the close is ours.
    socket.closeHandler(v -> {
      sockets.remove(socket);
      byId.remove(client.id());
      client.close();
    });
    return client;
  }

  private boolean carriesSecret(JsonObject frame) {
    if (secret == null || frame == null || !(frame.getValue("headers") instanceof JsonObject headers)
        || !(headers.getValue(BridgeApi.SECRET_HEADER) instanceof String given)) {
      return false;
    }
    return MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> certified(NetSocket socket) {
    if (!socket.isSsl()) {
      return Optional.empty();
    }
    try {
      List<Certificate> chain = socket.peerCertificates();
      if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate x509) {
        return Optional.of(x509.getSubjectX500Principal().getName());
      }
    } catch (SSLPeerUnverifiedException e) {
      // no certificate: not certified
    }
    return Optional.empty();
  }

  private static boolean matches(List<Pattern> patterns, String address) {
    return patterns.stream().anyMatch(p -> p.matcher(address).matches());
  }
}
