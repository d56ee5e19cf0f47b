package io.campus.bridge;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.ClusterTls;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the bus bridge reads from its configuration ({@code bridge.*}), bound and checked once when it starts.
 *
 * <p>A client proves who it is with a certificate signed by the cluster's CA where cluster TLS is configured
 * ({@code cluster.tls.*}: the bridge then listens over TLS and requires one), and otherwise with the shared secret
 * ({@code bridge.secret}) in the headers of every frame. The bridge has no veto at connect time and no limit on a
 * frame's size of its own, so it listens on loopback unless told otherwise.
 *
 * @param host             where it listens ({@code bridge.host}, 127.0.0.1)
 * @param port             its port ({@code bridge.port}, 7000; 0 picks a free one)
 * @param secret           the shared secret, when no certificates are configured
 * @param tls              the server's TLS options (client certificates required), when cluster TLS is configured
 * @param services         the services a client may announce ({@code bridge.services}, {@code notifications})
 * @param send             addresses a client may send and publish to ({@code bridge.send.permitted}, regexes
 *                         separated by spaces, each matching a whole address)
 * @param register         addresses a client may register, to answer or to receive ({@code bridge.register.permitted})
 * @param maxRegistrations registrations one socket may hold ({@code bridge.max.registrations}, 32)
 * @param idleSeconds      a socket that sends nothing for this long is closed ({@code bridge.idle.seconds}, 60;
 *                         clients ping)
 * @param maxTimeoutMs     the longest a client's request may wait for its answer ({@code bridge.max.timeout.ms})
 */
public record BridgeSettings(String host, int port, Optional<String> secret, Optional<NetServerOptions> tls,
                             List<String> services, List<Pattern> send, List<Pattern> register,
                             int maxRegistrations, int idleSeconds, int maxTimeoutMs) {

  static final int MIN_SECRET_LENGTH = 16;

  /** A service's replay endpoint, users' live addresses, and the bridge's own announcements. */
  static final String SEND_PERMITTED = "events\\.[a-z-]+\\.replay campus\\.user\\.[0-9a-f-]{36} bridge\\.records";
  /** The announced services' own endpoints, and the live event streams. */
  static final String REGISTER_PERMITTED = "notifications\\.[a-z-]+(\\.[a-z-]+)* events\\.[a-z-]+";

  public static BridgeSettings from(CampusConfig config) {
    Optional<NetServerOptions> tls = ClusterTls.from(config).map(bus -> new NetServerOptions().setSsl(true)
        .setKeyCertOptions(bus.getKeyCertOptions()).setTrustOptions(bus.getTrustOptions())
        .setClientAuth(ClientAuth.REQUIRED));
    Optional<String> secret = config.find("bridge.secret").filter(s -> !s.isBlank());
    if (tls.isEmpty() && secret.isEmpty()) {
      throw config.invalid("bridge.secret", "set (at least " + MIN_SECRET_LENGTH
          + " characters) where cluster TLS is not configured: a bridge client proves who it is with it");
    }
    if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
      throw config.invalid("bridge.secret", "at least " + MIN_SECRET_LENGTH + " characters long");
    }
    return new BridgeSettings(
        config.get("bridge.host", "127.0.0.1"),
        config.port("bridge.port", 7000),
        secret,
        tls,
        words(config.get("bridge.services", "notifications")),
        patterns(config, "bridge.send.permitted", config.get("bridge.send.permitted", SEND_PERMITTED)),
        patterns(config, "bridge.register.permitted", config.get("bridge.register.permitted", REGISTER_PERMITTED)),
        config.getInt("bridge.max.registrations", 32, 1),
        config.getInt("bridge.idle.seconds", 60, 1),
        config.getInt("bridge.max.timeout.ms", 30_000, 1));
  }

  @Override
  public String toString() {
    return "BridgeSettings[" + host + ":" + port + ", " + (tls.isPresent() ? "client certificates" : "secret ****")
        + ", services=" + services + ", send=" + send + ", register=" + register + "]";
  }

  private static List<String> words(String value) {
    return Arrays.stream(value.trim().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
  }

  private static List<Pattern> patterns(CampusConfig config, String key, String value) {
    try {
      return words(value).stream().map(Pattern::compile).toList();
    } catch (PatternSyntaxException e) {
      throw config.invalid(key, "regular expressions separated by spaces (" + e.getDescription() + ")");
    }
  }
}
