package io.campus.bff.web;

import io.campus.platform.auth.TokenVerifier;
import io.campus.platform.upstream.Upstream;

/** What the web BFF's routes call: one upstream per service, and the access-token verifier. */
record WebBackends(Upstream courses, Upstream users, Upstream history, Upstream payments, TokenVerifier tokens) {
}
