package io.campus.contracts.users;

/** One public JSON Web Key (RFC 7517) of an EC P-256 signing key: {@code kty EC, crv P-256, alg ES256}. */
public record PublicKey(String kid, String kty, String crv, String x, String y, String alg, String use) {
}
