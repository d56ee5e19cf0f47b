package io.campus.bff.common.limits;

import io.campus.contracts.error.CampusException;
import io.campus.platform.auth.Caller;
import io.campus.platform.config.CampusConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A BFF's limits, each a 429 with {@code Retry-After}: requests per client address (every request the server gets:
 * the API, the web app and the live-update bridge), requests per verified user (keyed by the token's subject, so
 * any spelling of one token, or several tokens of one user, share a bucket; a token that does not verify counts
 * only against its address), and failed logins per address (credential stuffing across many emails). Every map of
 * buckets is bounded in entries, so no traffic can fill memory with them. One limiter per BFF, shared by its HTTP
 * verticles; limits are per BFF instance.
 */
public final class RateLimiter {

  private static final Duration IDLE = Duration.ofMinutes(10);

  private final KeyedBuckets addresses;
  private final KeyedBuckets users;
  private final KeyedBuckets loginFailures;

  /** The limits: requests per address and per user, failed logins per address, and keys remembered per map. */
  public record Limits(KeyedBuckets.Limit perAddress, KeyedBuckets.Limit perUser, KeyedBuckets.Limit loginFailures,
                       long maxEntries) {

    public static Limits from(CampusConfig config) {
      return new Limits(
          KeyedBuckets.Limit.perSecond(config.getInt("rate.limit.address.per.second", 2_000, 1),
              config.getInt("rate.limit.address.burst", 4_000, 1)),
          KeyedBuckets.Limit.perSecond(config.getInt("rate.limit.user.per.second", 100, 1),
              config.getInt("rate.limit.user.burst", 200, 1)),
          new KeyedBuckets.Limit(config.getInt("auth.throttle.address.failures", 20, 1),
              Duration.ofSeconds(config.getInt("auth.throttle.address.window.seconds", 300, 1))),
          config.getInt("rate.limit.entries", 100_000, 1));
    }
  }

  public RateLimiter(Limits limits) {
    this.addresses = new KeyedBuckets(limits.perAddress(), limits.maxEntries(), IDLE);
    this.users = new KeyedBuckets(limits.perUser(), limits.maxEntries(), IDLE);
    this.loginFailures = new KeyedBuckets(limits.loginFailures(), limits.maxEntries(), IDLE);
  }

  /** The per-address limit, as the first handler of a server's router. */
  public Handler<RoutingContext> perAddress() {
    return ctx -> {
      long wait = addresses.take(address(ctx));
      if (wait > 0) {
        ctx.fail(CampusException.tooManyRequests("Too many requests from this address; slow down", wait));
      } else {
        ctx.next();
      }
    };
  }

  /** The per-user limit for a verified caller. */
  public Future<Void> perUser(Caller caller) {
    long wait = users.take(caller.userId().toString());
    return wait == 0 ? Future.succeededFuture()
        : Future.failedFuture(CampusException.tooManyRequests("Too many requests for this user; slow down", wait));
  }

  /**
   * Takes one of this address's failed logins before the login is tried (so logins sent at once cannot all pass),
   * failing TOO_MANY_REQUESTS when none is left; {@link #loginDidNotFail} gives it back.
   */
  public Future<Void> loginAllowed(RoutingContext ctx) {
    long wait = loginFailures.take(address(ctx));
    return wait == 0 ? Future.succeededFuture() : Future.failedFuture(CampusException.tooManyRequests(
        "Too many failed sign-ins from this address; try again later", wait));
  }

  /** The login taken for by {@link #loginAllowed} did not fail on its password (it succeeded, or was not tried). */
  public void loginDidNotFail(RoutingContext ctx) {
    loginFailures.giveBack(address(ctx));
  }

  /** The number of buckets held, on the node's metrics. */
  public RateLimiter measuredBy(MeterRegistry meters, String caller) {
    Gauge.builder("campus.rate.limit.entries", addresses, KeyedBuckets::entries).tag("kind", "address")
        .tag("caller", caller).register(meters);
    Gauge.builder("campus.rate.limit.entries", users, KeyedBuckets::entries).tag("kind", "user")
        .tag("caller", caller).register(meters);
    Gauge.builder("campus.rate.limit.entries", loginFailures, KeyedBuckets::entries).tag("kind", "login-failure")
        .tag("caller", caller).register(meters);
    return this;
  }

  /** The client's address; for IPv6 its /64 network, which one subscriber gets whole (so /128s are no way out). */
  static String address(RoutingContext ctx) {
    String host = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    if (host == null) {
      return "?";
    }
    if (host.indexOf(':') < 0) {
      return host;
    }
    try {
      byte[] bytes = InetAddress.getByName(host).getAddress(); // a literal: parsed, never looked up
      if (bytes.length != 16) {
        return host;
      }
      byte[] network = Arrays.copyOf(Arrays.copyOf(bytes, 8), 16); // the interface half zeroed
      return InetAddress.getByAddress(network).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      return host;
    }
  }
}
