package io.campus.bff.web;

import io.campus.bff.web.catalog.CatalogCache;
import io.campus.platform.auth.TokenVerifier;
import io.campus.platform.upstream.Upstream;

/** What the web BFF's routes call: the catalog cache, one upstream per service, and the access-token verifier. */
record WebBackends(CatalogCache catalog, Upstream courses, Upstream users, Upstream history, Upstream payments,
                   TokenVerifier tokens) {
}
