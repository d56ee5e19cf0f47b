package io.campus.users.tokens;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.users.PublicKey;
import io.campus.platform.auth.Caller;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class TokenVerifierTest {

  private final SigningKey key = SigningKey.generate();
  private final UUID user = UUID.randomUUID();
  private Vertx vertx;
  private TokenVerifier verifier;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    verifier = new TokenVerifier(vertx, "campus", "campus-api");
  }

  @Test
  @DisplayName("without keys nothing is accepted, not even an unsigned token: UNAVAILABLE")
  void noKeys() {
    String unsigned = "eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims().encode().getBytes()) + ".";
    assertEquals(ErrorCode.UNAVAILABLE, code(unsigned));
    verifier.useKeys(List.of());
    assertEquals(ErrorCode.UNAVAILABLE, code(unsigned), "an empty key set is never installed");
  }

  @Test
  @DisplayName("a token signed by a published key, with issuer, audience, exp and roles, names its caller")
  void accepts() {
    verifier.useKeys(List.of(key.publicKey()));
    Caller caller = join(verifier.verify(sign(key, claims())));
    assertEquals(new Caller(user, Set.of("student")), caller);
  }

  @Test
  @DisplayName("expired, wrong issuer or audience, no exp, no roles, a subject that is not a user id: UNAUTHORIZED")
  void refuses() {
    verifier.useKeys(List.of(key.publicKey()));
    long past = System.currentTimeMillis() / 1000 - 3600;
    assertEquals(ErrorCode.UNAUTHORIZED, code(sign(key, claims().put("exp", past))));
    assertEquals(ErrorCode.UNAUTHORIZED, code(sign(key, claims().put("iss", "other"))));
    assertEquals(ErrorCode.UNAUTHORIZED, code(sign(key, claims().put("aud", "other"))));
    JsonObject noExp = claims();
    noExp.remove("exp");
    assertEquals(ErrorCode.UNAUTHORIZED, code(sign(key, noExp)));
    JsonObject noRoles = claims();
    noRoles.remove("roles");
    assertEquals(ErrorCode.UNAUTHORIZED, code(sign(key, noRoles)));
    assertEquals(ErrorCode.UNAUTHORIZED, code(sign(key, claims().put("sub", "root"))));
  }

  @Test
  @DisplayName("a token naming a key we lack is refused and asks for the keys to be fetched again")
  void unknownKey() {
    verifier.useKeys(List.of(key.publicKey()));
    boolean[] asked = {false};
    verifier.onUnknownKey(() -> asked[0] = true);
    assertEquals(ErrorCode.UNAUTHORIZED, code(sign(SigningKey.generate(), claims())));
    assertTrue(asked[0]);
  }

  @Test
  @DisplayName("a token verified once stops being accepted when its key is no longer published")
  void rememberedTokensFollowTheKeys() {
    verifier.useKeys(List.of(key.publicKey()));
    String token = sign(key, claims());
    assertEquals(user, join(verifier.verify(token)).userId());
    assertEquals(user, join(verifier.verify(token)).userId(), "the second time from memory");

    verifier.useKeys(List.of(SigningKey.generate().publicKey()));
    assertEquals(ErrorCode.UNAUTHORIZED, code(token));
  }

  private ErrorCode code(String token) {
    return assertInstanceOf(CampusException.class, failure(verifier.verify(token))).code();
  }

  private JsonObject claims() {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", user.toString()).put("roles", new JsonArray().add("student"))
        .put("iss", "campus").put("aud", "campus-api").put("iat", now).put("exp", now + 600);
  }

  private String sign(SigningKey with, JsonObject claims) {
    return JWTAuth.create(vertx, new JWTAuthOptions().addJwk(with.privateJwk()))
        .generateToken(claims, new JWTOptions().setAlgorithm(PublicKey.ALGORITHM).setNoTimestamp(true));
  }
}
