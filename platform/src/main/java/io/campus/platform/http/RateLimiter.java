package io.campus.platform.http;

import io.campus.contracts.error.CampusException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per client address and per access token: a request that finds its bucket empty is a 429 with
 * {@code Retry-After}. The token is not verified here (that happens later, per route); counting per token string
 * still caps each user, and a client inventing tokens is capped by its address bucket. One limiter is shared by all
 * the HTTP verticles of a BFF; idle buckets are dropped every minute.
 */
public final class RateLimiter {

  /** Requests per second sustained, and how many may come at once. */
  public record Rate(double perSecond, double burst) {
  }

  private static final long SWEEP_MS = 60_000;

  private final Rate perAddress;
  private final Rate perUser;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(Vertx vertx, Rate perAddress, Rate perUser) {
    this.perAddress = perAddress;
    this.perUser = perUser;
    vertx.setPeriodic(SWEEP_MS, id -> {
      long now = System.nanoTime();
      buckets.values().removeIf(b -> b.idleSince(now) > SWEEP_MS * 1_000_000);
    });
  }

  public Handler<RoutingContext> handler() {
    return ctx -> {
      String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
      long wait = take("a:" + address, perAddress);
      String token = ctx.request().getHeader("Authorization");
      if (wait == 0 && token != null) {
        wait = take("u:" + token, perUser);
      }
      if (wait > 0) {
        ctx.fail(CampusException.tooManyRequests("Too many requests; slow down", wait));
      } else {
        ctx.next();
      }
    };
  }

  /** 0 when a request may pass, else the seconds until it may. */
  private long take(String key, Rate rate) {
    return buckets.computeIfAbsent(key, k -> new Bucket(rate)).take();
  }

  private static final class Bucket {
    private final Rate rate;
    private double tokens;
    private long last = System.nanoTime();

    Bucket(Rate rate) {
      this.rate = rate;
      this.tokens = rate.burst();
    }

    synchronized long take() {
      long now = System.nanoTime();
      tokens = Math.min(rate.burst(), tokens + (now - last) / 1e9 * rate.perSecond());
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / rate.perSecond());
    }

    synchronized long idleSince(long now) {
      return now - last;
    }
  }
}
