package io.campus.bff.web;

import io.campus.bff.common.CatalogCache;
import io.campus.bff.web.live.LiveUpdates;
import io.campus.platform.auth.TokenVerifier;
import io.campus.platform.http.RateLimiter;
import io.campus.platform.upstream.Upstream;

/**
 * What the web BFF's HTTP verticles share: the catalog cache, one upstream per service, the access-token verifier and
 * the rate limiter, the live updates.
 */
record WebBackends(CatalogCache catalog, Upstream courses, Upstream users, Upstream history, Upstream payments,
                   TokenVerifier tokens, RateLimiter limiter, LiveUpdates live) {
}
