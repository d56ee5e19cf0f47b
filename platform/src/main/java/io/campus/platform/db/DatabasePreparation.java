package io.campus.platform.db;

import io.campus.platform.node.StartupException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * Makes a service's database ready before its pool is handed out: created when missing, then migrated. A server
 * that cannot be reached yet (starting, restarting) is tried {@code attempts} times with a doubling backoff; any
 * other failure ends the start with the database named.
 */
final class DatabasePreparation {

  private static final Logger LOG = Logger.getLogger(DatabasePreparation.class.getName());
  private static final long FIRST_BACKOFF_MS = 500;

  private final Vertx vertx;
  private final int attempts;

  DatabasePreparation(Vertx vertx, int attempts) {
    this.vertx = vertx;
    this.attempts = attempts;
  }

  /** Creates {@code service}'s database when missing and migrates it, retrying an unreachable server. */
  Future<Void> prepare(String service, PgConnectOptions options) {
    return prepare(service, options, 1);
  }

  private Future<Void> prepare(String service, PgConnectOptions options, int attempt) {
    Future<Void> done = vertx.executeBlocking(() -> {
      long started = System.nanoTime();
      createIfMissing(options);
      Migrations.migrate(dataSource(options, options.getDatabase()), service);
      // Where a start's time goes (issue: restarts of 47-49 s under load): one line per database.
      LOG.info("database " + options.getDatabase() + " checked and migrated in "
          + (System.nanoTime() - started) / 1_000_000 + " ms");
      return null;
    }, false);
    return done.recover(e -> {
      String where = options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
      if (!isUnreachable(e)) {
        return Future.failedFuture(new StartupException(
            "database " + where + " for " + service + " cannot be prepared: " + rootMessage(e)));
      }
      if (attempt >= attempts) {
        return Future.failedFuture(new StartupException("database " + where + " for " + service
            + " is unreachable after " + attempts + " attempts: " + rootMessage(e)));
      }
      long backoff = FIRST_BACKOFF_MS << (attempt - 1);
      LOG.warning("database " + where + " for " + service + " is unreachable (attempt " + attempt + "/" + attempts
          + ": " + rootMessage(e) + "); retrying in " + backoff + " ms");
      return vertx.timer(backoff).compose(t -> prepare(service, options, attempt + 1));
    });
  }

  private static void createIfMissing(PgConnectOptions options) throws SQLException {
    // Every PostgreSQL server has the "postgres" maintenance database to connect to while ours does not exist yet.
    try (Connection c = dataSource(options, "postgres").getConnection();
         Statement s = c.createStatement()) {
      String name = options.getDatabase();
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
        if (rs.next()) {
          return;
        }
      }
      LOG.info("creating database " + name);
      s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        return; // created concurrently by another instance
      }
      if ("42501".equals(e.getSQLState()) || "3D000".equals(e.getSQLState())) {
        return; // no right to create, or no maintenance database: the database must exist already; migration will tell
      }
      throw e;
    }
  }

  private static PGSimpleDataSource dataSource(PgConnectOptions options, String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {options.getHost()});
    ds.setPortNumbers(new int[] {options.getPort()});
    ds.setDatabaseName(database);
    ds.setUser(options.getUser());
    ds.setPassword(options.getPassword());
    ds.setConnectTimeout(5);
    return ds;
  }

  private static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P03"))) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
