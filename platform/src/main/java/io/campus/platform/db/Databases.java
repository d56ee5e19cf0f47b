package io.campus.platform.db;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.NodeSettings;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * One PostgreSQL database per service. With {@code <service>.db.url} that database is used as given; with
 * {@code db.url} the service gets database {@code <service>} on that server; with neither, the process starts an
 * embedded PostgreSQL under {@code <data.dir>/<node.name>/postgres}. The database is created when missing and
 * migrated before the pool is handed out.
 */
public final class Databases {

  private static final Logger LOG = Logger.getLogger(Databases.class.getName());

  private final Vertx vertx;
  private final CampusConfig config;
  private final int poolSize;
  private final DatabasePreparation preparation;
  private final Path embeddedDataDir;
  private CompletableFuture<EmbeddedPostgres> server;
  private Future<EmbeddedPostgres> embedded;
  private volatile Runnable onEmbeddedDeath = () -> { };
  private volatile boolean closing;
  private long watchdog = -1;

  /** {@code config} for the database URLs, looked up by service name; {@code settings} for the rest. */
  public Databases(Vertx vertx, CampusConfig config, NodeSettings settings) {
    this.vertx = vertx;
    this.config = config;
    this.poolSize = settings.dbPoolSize();
    this.preparation = new DatabasePreparation(vertx, settings.dbConnectAttempts());
    this.embeddedDataDir = settings.embeddedDataDir();
  }

  /** A migrated pool on the service's own database. Retries an unreachable server with a bounded backoff. */
  public Future<Pool> open(String service) {
    Context caller = vertx.getOrCreateContext();
    return onCaller(caller, options(service)
        .compose(options -> preparation.prepare(service, options).map(v -> options)))
        .map(options -> PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize).setName(service))
            // Each connection keeps its statements parsed and planned: every query here is one of a few constants.
            .connectingTo(options.setCachePreparedStatements(true))
            .using(vertx)
            .build());
  }

  /** Connections in each service's pool ({@code db.pool.size}). */
  public int poolSize() {
    return poolSize;
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
    EmbeddedPostgresServer.stopWhenStarted(server, "");
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

  /** Uses the embedded server {@link EarlyPostgres} started (or is starting) instead of starting one. */
  synchronized void adopt(CompletableFuture<EmbeddedPostgres> early) {
    if (server == null) {
      server = early;
    }
  }

  private synchronized Future<EmbeddedPostgres> embeddedServer() {
    if (server == null) {
      server = EmbeddedPostgresServer.startOnItsOwnThread(embeddedDataDir, "");
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
}
