package io.campus.users.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of accounts and of failed logins. */
public final class AccountStore {

  /** An account row. */
  public record Account(UUID id, String email, String name, String passwordHash, List<String> roles,
                        Instant createdAt) {

    @Override
    public String toString() {
      return "Account[id=" + id + ", email=" + email + "]";
    }
  }

  private static final String COLUMNS = "id, email, name, password_hash, roles, created_at";
  private static final String INSERT = "INSERT INTO account (id, email, name, password_hash, roles) "
      + "VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS;
  private static final String BY_EMAIL = "SELECT " + COLUMNS + " FROM account WHERE lower(email) = lower($1)";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM account WHERE id = $1";
  private static final String RENAME = "UPDATE account SET name = $2, updated_at = clock_timestamp() WHERE id = $1 "
      + "RETURNING " + COLUMNS;
  private static final String ADD_ROLE = "UPDATE account SET roles = array_append(roles, $2) "
      + "WHERE id = $1 AND NOT ($2 = ANY (roles))";
  public Future<Account> insert(SqlClient db, UUID id, String email, String name, String hash, List<String> roles) {
    return db.preparedQuery(INSERT).execute(Tuple.of(id, email, name, hash, roles.toArray(String[]::new)))
        .map(rows -> first(rows).orElseThrow());
  }

  public Future<Optional<Account>> byEmail(SqlClient db, String email) {
    return db.preparedQuery(BY_EMAIL).execute(Tuple.of(email)).map(AccountStore::first);
  }

  public Future<Optional<Account>> byId(SqlClient db, UUID id) {
    return db.preparedQuery(BY_ID).execute(Tuple.of(id)).map(AccountStore::first);
  }

  public Future<Optional<Account>> rename(SqlClient db, UUID id, String name) {
    return db.preparedQuery(RENAME).execute(Tuple.of(id, name)).map(AccountStore::first);
  }

  public Future<Void> addRole(SqlClient db, UUID id, String role) {
    return db.preparedQuery(ADD_ROLE).execute(Tuple.of(id, role)).mapEmpty();
  }

  private static Optional<Account> first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    return Optional.of(new Account(r.getUUID("id"), r.getString("email"), r.getString("name"),
        r.getString("password_hash"), List.of(r.getArrayOfStrings("roles")),
        r.getOffsetDateTime("created_at").atZoneSameInstant(ZoneOffset.UTC).toInstant()));
  }
}
