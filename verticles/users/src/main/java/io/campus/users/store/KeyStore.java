package io.campus.users.store;

import io.campus.contracts.Json;
import io.campus.contracts.users.PublicKey;
import io.campus.users.tokens.SigningKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.List;

/** SQL of the token signing keys. */
public final class KeyStore {

  /** A stored key and when it was made. */
  public record StoredKey(SigningKey key, Instant createdAt) {
  }

  private static final String INSERT = "INSERT INTO signing_key (kid, private_jwk, public_jwk) VALUES ($1, $2, $3)";
  private static final String ALL = "SELECT kid, private_jwk, public_jwk, created_at FROM signing_key "
      + "ORDER BY created_at DESC, kid";

  public Future<Void> insert(SqlClient db, SigningKey key) {
    return db.preparedQuery(INSERT)
        .execute(Tuple.of(key.kid(), key.privateJwk(), Json.encode(key.publicKey())))
        .mapEmpty();
  }

  /** All keys, newest first. */
  public Future<List<StoredKey>> all(SqlClient db) {
    return db.query(ALL).execute().map(rows -> rows.stream().map(r -> new StoredKey(
        new SigningKey(r.getString("kid"), (JsonObject) r.getValue("private_jwk"),
            Json.decode((JsonObject) r.getValue("public_jwk"), PublicKey.class)),
        r.getOffsetDateTime("created_at").toInstant())).toList());
  }
}
