package io.campus.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The PostgreSQL server a process starts for itself when no database URL is configured. Its data directory
 * survives restarts; a server left running by a process that was killed is stopped first, so a restart after
 * {@code kill -9} never fails on a lock file.
 */
final class EmbeddedPostgresServer {

  private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class.getName());
  private static final String ZONKY_LOCK = "epg-lock";
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
  /** How long a start may take (zonky's own startup wait). */
  static final long START_WAIT_SECONDS = 60;

  private EmbeddedPostgresServer() {
  }

  static EmbeddedPostgres start(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    stopOrphan(dataDir);
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        // Stopped by the node after Vert.x has closed, never before the verticles that use it.
        .setRegisterShutdownHook(false)
        // zonky's defaults favour test speed over durability: an acknowledged commit must survive a crash.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setPGStartupWait(Duration.ofSeconds(START_WAIT_SECONDS))
        .start();
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
        server.complete(start(dataDir));
        LOG.info("embedded PostgreSQL started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
      } catch (IOException | RuntimeException e) {
        server.completeExceptionally(e);
      }
    }, "campus-postgres-start").start();
    return server;
  }

  /**
   * Closes an embedded server once its start (if still in progress) is over, waiting at most
   * {@link #START_WAIT_SECONDS}. Blocking; a JDK future, not Vert.x's: Vert.x may be closed by now, and its futures
   * call back on its (gone) threads.
   */
  static void stopWhenStarted(CompletableFuture<EmbeddedPostgres> server, String where) {
    try {
      server.get(START_WAIT_SECONDS, TimeUnit.SECONDS).close();
    } catch (IOException | ExecutionException | TimeoutException e) {
      LOG.warning("embedded PostgreSQL" + where + " did not stop cleanly: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops a postmaster still serving {@code dataDir} for a process that is gone. */
  static void stopOrphan(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    assertNoLiveOwner(dataDir);
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (postmaster.isEmpty()) {
      return; // a stale pid file: PostgreSQL itself recovers from it
    }
    long pid = postmaster.get().pid();
    LOG.warning("PostgreSQL (pid " + pid + ") was left running on " + dataDir
        + " by a process that died; stopping it before starting again");
    postmaster.get().destroy(); // SIGTERM: a clean shutdown, committed data is already on disk
    try {
      postmaster.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IOException("PostgreSQL (pid " + pid + ") on " + dataDir + " did not stop within "
          + ORPHAN_STOP_WAIT.toSeconds() + " s; stop it and start again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL " + pid);
    }
  }

  /** zonky holds a file lock in the data directory while its process lives: a held lock means "in use". */
  private static void assertNoLiveOwner(Path dataDir) throws IOException {
    Path lockFile = dataDir.resolve(ZONKY_LOCK);
    if (!Files.exists(lockFile)) {
      return;
    }
    try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw")) {
      FileLock lock = file.getChannel().tryLock();
      if (lock == null) {
        throw new IOException("data directory " + dataDir + " is in use by another running process");
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw new IOException("data directory " + dataDir + " is already in use by this process");
    }
  }
}
