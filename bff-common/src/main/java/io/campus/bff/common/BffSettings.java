package io.campus.bff.common;

import io.campus.bff.common.limits.RateLimiter;
import io.campus.bff.common.upstream.UpstreamOptions;
import io.campus.platform.auth.TokenSettings;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.http.HttpServers;
import io.vertx.core.http.HttpServerOptions;

/**
 * What every BFF reads from its configuration, bound and checked once when it starts (a bad value ends the start
 * with one line naming its key) and handed to the parts that use it.
 *
 * @param host              the address the HTTP server listens on ({@code http.host})
 * @param server            request-size limits of the HTTP server ({@code http.max.*})
 * @param upstream          how the BFF treats each service ({@code upstream.*})
 * @param auth              how it treats sign-in and registration ({@code auth.upstream.*})
 * @param admin             how it treats an admin's long operations ({@code admin.upstream.timeout.ms})
 * @param limits            its rate limits ({@code rate.limit.*}, {@code auth.throttle.address.*})
 * @param tokens            what a token must claim ({@code auth.issuer}, {@code auth.audience})
 * @param keysRefreshMs     how often it asks users for the token keys ({@code auth.keys.refresh.ms})
 * @param catalogTtlMs      how long a catalog page is fresh ({@code catalog.cache.ttl.ms})
 * @param catalogStaleMs    how long it is served while courses cannot answer ({@code catalog.cache.stale.ms})
 * @param directoryResyncMs how often the view of the services is read again in full ({@code directory.resync.ms})
 * @param warmup            the warm-up before it reports ready ({@code bff.warmup.*})
 */
public record BffSettings(String host, HttpServerOptions server, UpstreamOptions upstream, UpstreamOptions auth,
                          UpstreamOptions admin, RateLimiter.Limits limits, TokenSettings tokens, long keysRefreshMs,
                          long catalogTtlMs, long catalogStaleMs, long directoryResyncMs, Warmup.Budget warmup) {

  public static BffSettings from(CampusConfig config) {
    UpstreamOptions upstream = UpstreamOptions.from(config);
    return new BffSettings(
        config.get("http.host", "0.0.0.0"),
        HttpServers.options(config),
        upstream,
        UpstreamOptions.forAuth(config, upstream),
        UpstreamOptions.forAdmin(config, upstream),
        RateLimiter.Limits.from(config),
        TokenSettings.from(config),
        config.getInt("auth.keys.refresh.ms", 60_000, 100),
        config.getInt("catalog.cache.ttl.ms", 10_000, 0),
        config.getInt("catalog.cache.stale.ms", 600_000, 0),
        config.getInt("directory.resync.ms", 2_000, 100),
        new Warmup.Budget(config.getInt("bff.warmup.rounds", 10, 0), config.getInt("bff.warmup.ms", 3_000, 0)));
  }
}
