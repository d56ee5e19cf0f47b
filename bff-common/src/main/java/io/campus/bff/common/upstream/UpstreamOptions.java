package io.campus.bff.common.upstream;

import io.campus.platform.config.CampusConfig;

/**
 * How patiently a caller treats a downstream service.
 *
 * @param timeoutMs      one call's limit
 * @param maxFailures    outages in a row that open the circuit
 * @param resetTimeoutMs how long an open circuit fails fast before it lets one call try again
 * @param maxInFlight    calls waiting for an answer at once; one more fails fast instead of queueing
 * @param hedgeMs        how long a read waits for its answer before a copy is sent (0: never)
 */
public record UpstreamOptions(long timeoutMs, int maxFailures, long resetTimeoutMs, int maxInFlight, long hedgeMs) {

  public UpstreamOptions(long timeoutMs, int maxFailures, long resetTimeoutMs) {
    this(timeoutMs, maxFailures, resetTimeoutMs, 256);
  }

  public UpstreamOptions(long timeoutMs, int maxFailures, long resetTimeoutMs, int maxInFlight) {
    this(timeoutMs, maxFailures, resetTimeoutMs, maxInFlight, 0);
  }

  public static UpstreamOptions from(CampusConfig config) {
    return new UpstreamOptions(
        config.getInt("upstream.timeout.ms", 800, 1),
        config.getInt("upstream.max.failures", 5, 1),
        config.getInt("upstream.reset.ms", 5_000, 1),
        config.getInt("upstream.max.in.flight", 256, 1),
        // Past the reads' p99 when no member is leaving (100-200 ms on two cores with twelve JVMs), short of
        // the timeout: only the reads that went to a gone or frozen member, or met a pause, are sent twice.
        config.getInt("upstream.hedge.ms", 250, 0));
  }

  /** Sign-in and registration ({@code auth.upstream.*}): a timeout sized to password hashing, a cap of their own. */
  public static UpstreamOptions forAuth(CampusConfig config, UpstreamOptions upstream) {
    return new UpstreamOptions(config.getInt("auth.upstream.timeout.ms", 5_000, 1), upstream.maxFailures(),
        upstream.resetTimeoutMs(), config.getInt("auth.upstream.max.in.flight", 64, 1));
  }

  /**
   * An admin's long operations ({@code admin.upstream.timeout.ms}), such as a rebuild of the purchase history: a
   * timeout sized to the work, and a breaker and a cap of their own, so a slow one never opens the circuit that
   * users' reads of that service go through.
   */
  public static UpstreamOptions forAdmin(CampusConfig config, UpstreamOptions upstream) {
    return new UpstreamOptions(config.getInt("admin.upstream.timeout.ms", 120_000, 1), upstream.maxFailures(),
        upstream.resetTimeoutMs(), 4);
  }
}
