package io.campus.platform.db;

import io.campus.platform.config.CampusConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The embedded PostgreSQL started on a thread of its own while Vert.x starts and joins its cluster: under load each
 * takes seconds (a restart measured 4-5 s for PostgreSQL, which must first stop the server a killed process left),
 * and neither needs the other. Only for a deployable that has databases (a BFF's jar has no PostgreSQL to start) and
 * no configured server ({@code db.url} or any {@code <service>.db.url}).
 */
public final class EarlyPostgres {

  private static final Logger LOG = Logger.getLogger(EarlyPostgres.class.getName());
  private static final String EMBEDDED = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

  private final Path dataDir;
  private final CompletableFuture<EmbeddedPostgres> server;

  private EarlyPostgres(Path dataDir, CompletableFuture<EmbeddedPostgres> server) {
    this.dataDir = dataDir;
    this.server = server;
  }

  /** Starts the server of node {@code nodeName} now, if this process will need one. */
  public static Optional<EarlyPostgres> startIfEmbedded(CampusConfig config, String nodeName) {
    if (!onClasspath() || config.keys().stream().anyMatch(k -> k.equals("db.url") || k.endsWith(".db.url"))) {
      return Optional.empty();
    }
    Path dataDir = Databases.embeddedDataDir(config, nodeName);
    LOG.info("starting embedded PostgreSQL in " + dataDir + " while the node starts");
    long started = System.nanoTime();
    CompletableFuture<EmbeddedPostgres> server = new CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        server.complete(EmbeddedPostgresServer.start(dataDir));
        LOG.info("embedded PostgreSQL started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
      } catch (IOException | RuntimeException e) {
        server.completeExceptionally(e);
      }
    }, "campus-postgres-start");
    starter.start();
    return Optional.of(new EarlyPostgres(dataDir, server));
  }

  /** The node's databases use this server (they start none of their own). */
  public void handTo(Databases databases) {
    databases.adopt(server);
  }

  /** Stops the server when the node never came up: nothing else would. Blocking. */
  public void stop() {
    server.thenAccept(pg -> {
      try {
        pg.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).exceptionally(e -> {
      LOG.warning("embedded PostgreSQL in " + dataDir + " did not stop cleanly: " + e.getMessage());
      return null;
    }).join();
  }

  private static boolean onClasspath() {
    try {
      Class.forName(EMBEDDED, false, EarlyPostgres.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
