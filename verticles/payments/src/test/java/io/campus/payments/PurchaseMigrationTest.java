package io.campus.payments;

import io.campus.contracts.Json;
import io.campus.contracts.payments.PurchaseProgress;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migration to one live purchase per user and course, on data an earlier version let a course be bought twice
 * in: nothing is lost, the money is given back, and from then on the database refuses a second live purchase.
 */
class PurchaseMigrationTest {

  @TempDir
  static Path dataDir;
  private static CampusNode node;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of()));
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("a course bought twice before: the later charge is refunded, a pending one fails with its event")
  void boughtTwice() throws Exception {
    PgConnectOptions server = join(node.databases().connectOptions("payments"));
    try (Connection admin = dataSource(server, "postgres").getConnection()) {
      admin.createStatement().execute("CREATE DATABASE payments_before_v2");
    }
    PGSimpleDataSource db = dataSource(server, "payments_before_v2");
    Flyway.configure().dataSource(db).schemas("platform").createSchemas(true).locations("classpath:db/platform")
        .load().migrate();
    Flyway payments = Flyway.configure().dataSource(db).locations("classpath:db/migration/payments").load();
    Flyway.configure().dataSource(db).locations("classpath:db/migration/payments").target("1").load().migrate();

    UUID ann = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    UUID course = UUID.randomUUID();
    UUID first = UUID.randomUUID();
    UUID twice = UUID.randomUUID();
    UUID pending = UUID.randomUUID();
    UUID bobs = UUID.randomUUID();
    try (Connection c = db.getConnection()) {
      insert(c, first, ann, course, "COMPLETED", "2026-11-01T10:00:00Z");
      insert(c, twice, ann, course, "COMPLETED", "2026-11-02T10:00:00Z");
      insert(c, pending, ann, course, "PENDING", "2026-11-03T10:00:00Z");
      insert(c, bobs, bob, course, "PAID", "2026-11-02T10:00:00Z");
    }

    payments.migrate();

    try (Connection c = db.getConnection()) {
      assertEquals("COMPLETED false", state(c, first), "the first purchase stays as it was");
      assertEquals("COMPLETED true", state(c, twice), "the second charge is owed back (the worker refunds it)");
      assertEquals("FAILED false", state(c, pending), "an uncharged one fails");
      assertEquals("PAID false", state(c, bobs), "someone else's purchase is untouched");
      try (ResultSet events = c.createStatement().executeQuery(
          "SELECT type, payload::text FROM platform.outbox WHERE stream = 'payments'")) {
        assertTrue(events.next(), "the failed purchase's event");
        assertEquals("payment.failed", events.getString(1));
        PurchaseProgress failed = Json.decode(new JsonObject(events.getString(2)), PurchaseProgress.class);
        assertEquals(pending, failed.purchaseId());
        assertEquals(ann, failed.userId());
        assertTrue(!events.next(), "one event only");
      }
      SQLException refused = assertThrows(SQLException.class,
          () -> insert(c, UUID.randomUUID(), ann, course, "PENDING", "2026-11-30T10:00:00Z"));
      assertEquals("23505", refused.getSQLState(), "a third live purchase is refused by the database");
    }
  }

  private static void insert(Connection c, UUID id, UUID user, UUID course, String status, String at)
      throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("""
        INSERT INTO purchase (id, user_id, course_id, course_slug, course_title, amount, currency, idempotency_key,
                              status, created_at)
        VALUES (?, ?, ?, 'c', 'C', 100, 'EUR', ?, ?, ?::timestamptz)""")) {
      insert.setObject(1, id);
      insert.setObject(2, user);
      insert.setObject(3, course);
      insert.setString(4, id.toString());
      insert.setString(5, status);
      insert.setString(6, at);
      insert.executeUpdate();
    }
  }

  private static String state(Connection c, UUID id) throws SQLException {
    try (PreparedStatement query = c.prepareStatement("SELECT status, refund_due FROM purchase WHERE id = ?")) {
      query.setObject(1, id);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1) + " " + row.getBoolean(2);
      }
    }
  }

  private static PGSimpleDataSource dataSource(PgConnectOptions options, String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {options.getHost()});
    ds.setPortNumbers(new int[] {options.getPort()});
    ds.setDatabaseName(database);
    ds.setUser(options.getUser());
    ds.setPassword(options.getPassword());
    return ds;
  }
}
