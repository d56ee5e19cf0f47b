package io.campus.users.tokens;

import io.campus.contracts.users.PublicKey;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.UUID;

/**
 * An ES256 (EC P-256) key pair as JSON Web Keys: the private JWK signs tokens (it never leaves the users
 * service), the public one is published for verification. Java can make the key pair but not write a JWK, hence
 * the few lines of encoding here.
 */
public record SigningKey(String kid, JsonObject privateJwk, PublicKey publicKey) {

  private static final int COORDINATE_BYTES = 32;

  public static SigningKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      ECPublicKey pub = (ECPublicKey) pair.getPublic();
      ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
      String kid = UUID.randomUUID().toString();
      PublicKey publicKey = new PublicKey(kid, "EC", "P-256", base64Url(pub.getW().getAffineX()),
          base64Url(pub.getW().getAffineY()), PublicKey.ALGORITHM, "sig");
      JsonObject privateJwk = publicKey.jwk().put("d", base64Url(priv.getS()));
      return new SigningKey(kid, privateJwk, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
    }
  }

  /** A coordinate as exactly 32 unsigned big-endian bytes, base64url without padding (RFC 7518 §6.2.1). */
  private static String base64Url(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[COORDINATE_BYTES];
    int length = Math.min(raw.length, COORDINATE_BYTES);
    System.arraycopy(raw, raw.length - length, fixed, COORDINATE_BYTES - length, length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKey other && other.kid.equals(kid);
  }

  @Override
  public int hashCode() {
    return kid.hashCode();
  }
}
