package io.campus.platform.db;

import io.campus.platform.config.CampusConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

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
  private volatile boolean handedOver;

  private EarlyPostgres(Path dataDir, CompletableFuture<EmbeddedPostgres> server) {
    this.dataDir = dataDir;
    this.server = server;
  }

  /** Starts the server in {@code dataDir} now, if this process will need one. */
  public static Optional<EarlyPostgres> startIfEmbedded(CampusConfig config, Path dataDir) {
    if (!onClasspath() || config.keys().stream().anyMatch(k -> k.equals("db.url") || k.endsWith(".db.url"))) {
      return Optional.empty();
    }
    EarlyPostgres early = new EarlyPostgres(dataDir,
        EmbeddedPostgresServer.startOnItsOwnThread(dataDir, " while the node starts"));
    // Until the node's databases own it, a Ctrl-C (during the cluster join, say) must stop it too.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!early.handedOver) {
        early.stop();
      }
    }, "campus-postgres-stop"));
    return Optional.of(early);
  }

  /** The node's databases use this server (they start none of their own) and stop it with the node. */
  public void handTo(Databases databases) {
    handedOver = true;
    databases.adopt(server);
  }

  /** Stops the server (waiting for a start in progress) when the node never came up: nothing else would. */
  public void stop() {
    EmbeddedPostgresServer.stopWhenStarted(server, " in " + dataDir);
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
