package io.campus.bff.common.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;

/**
 * A token bucket per key (an address, a user), in a map bounded in entries whatever the traffic: the least recently
 * used bucket goes first, and an idle one after {@code idle}. An evicted bucket comes back full, so the bound must
 * stay above the keys active at once. Non-blocking: safe on an event loop.
 */
public final class KeyedBuckets {

  /** {@code capacity} at once, refilled by {@code capacity} every {@code period}. */
  public record Limit(long capacity, Duration period) {

    /** {@code perSecond} sustained, {@code burst} at once. */
    public static Limit perSecond(long perSecond, long burst) {
      return new Limit(burst, Duration.ofNanos(Math.max(1, burst * 1_000_000_000L / Math.max(1, perSecond))));
    }
  }

  private final Limit limit;
  private final Cache<String, Bucket> buckets;

  public KeyedBuckets(Limit limit, long maxEntries, Duration idle) {
    this.limit = limit;
    this.buckets = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterAccess(idle).build();
  }

  /** Takes one token: 0 when the request may pass, else the whole seconds until it may (for Retry-After). */
  public long take(String key) {
    ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
  }

  /** Gives back a token taken for something that did not count after all. */
  public void giveBack(String key) {
    Bucket bucket = buckets.getIfPresent(key);
    if (bucket != null) {
      bucket.addTokens(1);
    }
  }

  /** Buckets held now. */
  public long entries() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket bucket(String key) {
    return buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build())
        .build());
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
