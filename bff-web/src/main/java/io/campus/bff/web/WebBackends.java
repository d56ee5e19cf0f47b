package io.campus.bff.web;

import io.campus.bff.common.CatalogCache;
import io.campus.bff.common.auth.TokenVerifier;
import io.campus.bff.common.limits.RateLimiter;
import io.campus.bff.common.upstream.Upstream;
import io.campus.bff.web.live.LiveUpdates;

/**
 * What the web BFF's HTTP verticles share: the catalog cache, one upstream per service (and one more to users for
 * sign-ins, one more to purchase-history for an admin's status and rebuild), the access-token verifier and the rate
 * limiter, the live updates.
 */
record WebBackends(CatalogCache catalog, Upstream courses, Upstream users, Upstream auth, Upstream history,
                   Upstream historyAdmin, Upstream payments, Upstream notifications, TokenVerifier tokens,
                   RateLimiter limiter, LiveUpdates live) {
}
