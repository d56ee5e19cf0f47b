package io.campus.platform.db;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.StartupException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * One PostgreSQL database per service. With {@code <service>.db.url} that database is used as given; with
 * {@code db.url} the service gets database {@code <service>} on that server; with neither, the process starts an
 * embedded PostgreSQL under {@code <data.dir>/<node.name>/postgres}. The database is created when missing and
 * migrated before the pool is handed out.
 */
public final class Databases {

  private static final Logger LOG = Logger.getLogger(Databases.class.getName());
  private static final int DEFAULT_ATTEMPTS = 6;
  private static final long FIRST_BACKOFF_MS = 500;
  /** How long a start may take (zonky's own startup wait, {@link EmbeddedPostgresServer}). */
  static final long START_WAIT_SECONDS = 60;

  private final Vertx vertx;
  private final CampusConfig config;
  private final Path embeddedDataDir;
  private CompletableFuture<EmbeddedPostgres> server;
  private Future<EmbeddedPostgres> embedded;
  private volatile Runnable onEmbeddedDeath = () -> { };
  private volatile boolean closing;
  private long watchdog = -1;

  public Databases(Vertx vertx, CampusConfig config, Path embeddedDataDir) {
    this.vertx = vertx;
    this.config = config;
    this.embeddedDataDir = embeddedDataDir;
  }

  /** A migrated pool on the service's own database. Retries an unreachable server with a bounded backoff. */
  public Future<Pool> open(String service) {
    Context caller = vertx.getOrCreateContext();
    return onCaller(caller, options(service)
        .compose(options -> prepare(service, options, 1).map(v -> options)))
        .map(options -> PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize()).setName(service))
            // Each connection keeps its statements parsed and planned: every query here is one of a few constants.
            .connectingTo(options.setCachePreparedStatements(true))
            .using(vertx)
            .build());
  }

  /** Connections in each service's pool ({@code db.pool.size}). */
  public int poolSize() {
    return config.getInt("db.pool.size", 8);
  }

  /** Where the service's database is (for a dedicated connection, such as a LISTEN subscriber). */
  public Future<PgConnectOptions> connectOptions(String service) {
    return onCaller(vertx.getOrCreateContext(), options(service));
  }

  /**
   * What to do if the embedded PostgreSQL dies under this process (killed, out of memory): checked every second.
   * The launcher exits then (a supervisor restarts the process on the same data); a test only hears of it.
   */
  public void onEmbeddedDeath(Runnable action) {
    onEmbeddedDeath = action;
  }

  /**
   * Stops the embedded server, if this process started one, waiting for a start still in progress (a deploy that
   * failed in milliseconds must not leave a server behind). Blocking: call it off the event loop.
   */
  public void closeEmbedded() {
    closing = true;
    vertx.cancelTimer(watchdog);
    if (server == null) {
      return;
    }
    stopEmbedded(server, "");
  }

  private Future<PgConnectOptions> options(String service) {
    String database = service.replace('-', '_');
    var own = config.find(service.replace('-', '.') + ".db.url");
    if (own.isPresent()) {
      return Future.succeededFuture(PgConnectOptions.fromUri(own.get()));
    }
    var server = config.find("db.url");
    if (server.isPresent()) {
      return Future.succeededFuture(PgConnectOptions.fromUri(server.get()).setDatabase(database));
    }
    return embeddedServer().map(pg -> new PgConnectOptions()
        .setHost("127.0.0.1").setPort(pg.getPort())
        .setUser("postgres").setPassword("postgres").setDatabase(database));
  }

  /**
   * Completes on the caller's context. The embedded server is shared, so its start completes on the context of
   * whichever service asked first; what a service builds in its callbacks (pools, consumers) must belong to its own
   * verticle, or undeploying the other service would close it.
   */
  private static <T> Future<T> onCaller(Context caller, Future<T> result) {
    Promise<T> promise = Promise.promise();
    result.onComplete(ar -> caller.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }

  /**
   * Closes an embedded server once its start (if still in progress) is over, waiting at most
   * {@link #START_WAIT_SECONDS}. Blocking; a JDK future, not Vert.x's: Vert.x may be closed by now, and its futures
   * call back on its (gone) threads.
   */
  static void stopEmbedded(CompletableFuture<EmbeddedPostgres> server, String where) {
    try {
      server.get(START_WAIT_SECONDS, TimeUnit.SECONDS).close();
    } catch (IOException | ExecutionException | TimeoutException e) {
      LOG.warning("embedded PostgreSQL" + where + " did not stop cleanly: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where a node's embedded PostgreSQL keeps its data: {@code <data.dir>/<node.name>/postgres}. */
  public static Path embeddedDataDir(CampusConfig config, String nodeName) {
    return Path.of(config.get("data.dir", ".campus"), nodeName, "postgres").toAbsolutePath();
  }

  /** Uses the embedded server {@link EarlyPostgres} started (or is starting) instead of starting one. */
  synchronized void adopt(CompletableFuture<EmbeddedPostgres> early) {
    if (server == null) {
      server = early;
    }
  }

  /**
   * Starts the embedded server of {@code dataDir} on a thread of its own (a start takes seconds, and must be
   * stoppable after Vert.x is gone), logging how long it took.
   */
  static CompletableFuture<EmbeddedPostgres> startOnItsOwnThread(Path dataDir, String why) {
    LOG.info("starting embedded PostgreSQL in " + dataDir + why);
    long started = System.nanoTime();
    CompletableFuture<EmbeddedPostgres> server = new CompletableFuture<>();
    new Thread(() -> {
      try {
        server.complete(EmbeddedPostgresServer.start(dataDir));
        LOG.info("embedded PostgreSQL started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
      } catch (IOException | RuntimeException e) {
        server.completeExceptionally(e);
      }
    }, "campus-postgres-start").start();
    return server;
  }

  private synchronized Future<EmbeddedPostgres> embeddedServer() {
    if (server == null) {
      server = startOnItsOwnThread(embeddedDataDir, "");
    }
    if (embedded == null) {
      embedded = Future.fromCompletionStage(server)
          .recover(e -> Future.failedFuture(new StartupException("embedded PostgreSQL in " + embeddedDataDir
              + " did not start: " + e.getMessage())))
          .onSuccess(pg -> watch());
    }
    return embedded;
  }

  /** Watches the postmaster this process started: a JVM must not stay up for ever with a dead database. */
  private void watch() {
    ProcessHandle postmaster;
    try {
      postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(
          embeddedDataDir.resolve("postmaster.pid")).get(0).trim())).orElse(null);
    } catch (IOException | RuntimeException e) {
      LOG.warning("cannot watch the embedded PostgreSQL (" + e.getMessage() + ")");
      return;
    }
    watchdog = vertx.setPeriodic(1_000, id -> {
      if (!closing && (postmaster == null || !postmaster.isAlive())) {
        vertx.cancelTimer(id);
        LOG.severe("the embedded PostgreSQL in " + embeddedDataDir + " died under this process");
        onEmbeddedDeath.run();
      }
    });
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
      int attempts = config.getInt("db.connect.attempts", DEFAULT_ATTEMPTS);
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
