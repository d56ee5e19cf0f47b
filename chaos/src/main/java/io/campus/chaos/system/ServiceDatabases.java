package io.campus.chaos.system;

import io.campus.bench.system.Campus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL server per service, run by the suite: both instances of a service use it (the README's way of
 * running several instances), the checker reads it, and a fault stops it and starts it again on its data and port.
 */
final class ServiceDatabases implements AutoCloseable {

  private final Map<String, Path> dirs = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, EmbeddedPostgres> running = new ConcurrentHashMap<>();

  ServiceDatabases(List<String> services, Path dir) {
    services.forEach(service -> {
      dirs.put(service, dir.resolve("postgres-" + service));
      ports.put(service, Campus.freePort());
      start(service);
      // Made here, not by the service: two instances starting at once would both CREATE DATABASE from template1,
      // and PostgreSQL refuses a second copy while the first one runs.
      try (Connection c = running.get(service).getPostgresDatabase().getConnection();
           Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + database(service));
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create " + service + "'s database: " + e.getMessage(), e);
      }
    });
  }

  /** {@code CAMPUS_<SERVICE>_DB_URL} of every service: what both of its instances are given. */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    ports.forEach((service, port) -> env.put("CAMPUS_" + service.toUpperCase(Locale.ROOT).replace('-', '_')
        + "_DB_URL", "postgresql://postgres:postgres@127.0.0.1:" + port + "/" + database(service)));
    return env;
  }

  String jdbcUrl(String service) {
    return "jdbc:postgresql://127.0.0.1:" + ports.get(service) + "/" + database(service)
        + "?user=postgres&password=postgres";
  }

  /** Stops {@code service}'s server (its data stays). */
  void stop(String service) {
    try {
      running.remove(service).close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop " + service + "'s PostgreSQL", e);
    }
  }

  /** Starts {@code service}'s server on its data and its port. */
  void start(String service) {
    Path dataDir = dirs.get(service);
    try {
      Files.createDirectories(dataDir);
      running.put(service, EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
          .setPort(ports.get(service))
          .setServerConfig("listen_addresses", "127.0.0.1")
          // Durable like a real server: an acknowledged commit must survive what the suite does to the services.
          .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "200")
          .setPGStartupWait(Duration.ofSeconds(60)).start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
    }
    lowerPriority(dataDir);
  }

  /**
   * The server is part of the system under test, so it runs at the members' CPU priority
   * ({@link ChaosCluster#MEMBER_NICENESS}), not at the suite's: the postmaster and the processes it runs now; the
   * backends it forks later inherit it. Where the machine has no {@code renice}, everything keeps one priority.
   */
  private static void lowerPriority(Path dataDir) {
    Path renice = Path.of("/usr/bin/renice");
    if (!Files.isExecutable(renice)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
      if (renice(renice, List.of(pid)) != 0) {
        throw new IllegalStateException("renice of PostgreSQL " + pid + " failed");
      }
      // A backend may end meanwhile: then renice says so for that one and goes on with the others.
      renice(renice, ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)
          .toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lower the priority of PostgreSQL in " + dataDir, e);
    }
  }

  private static int renice(Path renice, List<Long> pids) throws IOException {
    if (pids.isEmpty()) {
      return 0;
    }
    List<String> command = new ArrayList<>(List.of(renice.toString(), "-n",
        Integer.toString(ChaosCluster.MEMBER_NICENESS), "-p"));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    running.values().forEach(pg -> {
      try {
        pg.close();
      } catch (IOException e) {
        // stopping: nothing left to do about a server that does not stop cleanly
      }
    });
    running.clear();
  }

  private static String database(String service) {
    return service.replace('-', '_');
  }
}
