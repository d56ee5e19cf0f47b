package io.campus.chaos.system;

import io.campus.bench.system.Campus;
import io.campus.bench.system.Jvm;
import io.campus.contracts.Services;
import io.campus.platform.node.ClusterXml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The system under test: the cluster form with two instances of every service and of bff-web, one bff-mobile and the
 * payment sandbox, each its own JVM with a bounded heap, in a Hazelcast cluster of its own (name
 * {@code campus-chaos}). The two instances of a service share its database, on a PostgreSQL server of that service
 * which this process runs, so the checker can read every database and a fault can stop one service's server.
 */
public final class ChaosCluster implements AutoCloseable {

  /** The admin account users makes sure of at start: the workload publishes and withdraws courses with it. */
  public static final String ADMIN_EMAIL = "chaos-admin@campus.test";
  public static final String ADMIN_PASSWORD = "chaos admin password";

  private static final Duration START = Duration.ofMinutes(4);
  // The workload, the nemesis and the checker stand in for clients on machines of their own: on one machine the
  // members run at a lower CPU priority, so the clock that times the reads is not starved by the system it times.
  static final int MEMBER_NICENESS = 10;
  private static final int CLUSTER_BASE_PORT = 7101;
  /** The workload is one client sending what a crowd would: the BFFs' rate limits are lifted. */
  private static final Map<String, String> COMMON = Map.of(
      "CAMPUS_HTTP_HOST", "127.0.0.1", "CAMPUS_MANAGEMENT_HOST", "127.0.0.1",
      "CAMPUS_RATE_LIMIT_ADDRESS_PER_SECOND", "10000000", "CAMPUS_RATE_LIMIT_ADDRESS_BURST", "10000000",
      "CAMPUS_RATE_LIMIT_USER_PER_SECOND", "10000000", "CAMPUS_RATE_LIMIT_USER_BURST", "10000000",
      "CAMPUS_AUTH_THROTTLE_ADDRESS_FAILURES", "100000");

  /** One JVM of the system: how to start it (again), and where its readiness and API are. */
  public record Member(String name, String kind, Path jar, List<String> jvmArgs, List<String> args,
                       Map<String, String> env, String readiness, String api) {
  }

  private final Path root;
  private final Path dir;
  private final Path logs;
  private ServiceDatabases databases;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, Jvm> running = new java.util.concurrent.ConcurrentHashMap<>();
  private final Thread onExit = new Thread(this::stopAll, "chaos-stop");
  private boolean closed;

  private ChaosCluster(Path root, Path dir, Path logs) {
    this.root = root;
    this.dir = dir;
    this.logs = logs;
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Starts it all under {@code dir} (data, cluster.xml), logs in {@code logs}; every JVM with {@code -Xmx<xmx>}. */
  public static ChaosCluster start(Path root, Path dir, Path logs, String xmx) {
    ChaosCluster cluster = new ChaosCluster(root, dir, logs);
    try {
      cluster.startAll(xmx);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll(String xmx) {
    mkdirs(logs);
    databases = new ServiceDatabases(Services.ALL, dir);
    int sandboxPort = Campus.freePort();
    String sandbox = Campus.url(sandboxPort);
    add(new Member("payment-sandbox", "payment-sandbox", Campus.jar(root, "tools/payment-sandbox",
        "payment-sandbox"), List.of("-Xmx" + xmx), List.of(), Map.of("CAMPUS_SANDBOX_PORT",
        String.valueOf(sandboxPort)), sandbox + "/admin/settings", sandbox));
    int clustered = Services.ALL.size() * 2 + 3;
    Path xml = ClusterXml.write(dir, "campus-chaos", CLUSTER_BASE_PORT, clustered);
    List<String> jvmArgs = List.of("-Xmx" + xmx, "-Dvertx.hazelcast.config=" + xml);
    Map<String, String> dbUrls = databases.environment();
    for (String service : Services.ALL) {
      for (int i = 1; i <= 2; i++) {
        Map<String, String> env = new HashMap<>(dbUrls);
        env.put("CAMPUS_SANDBOX_PORT", String.valueOf(sandboxPort));
        env.put("CAMPUS_PAYMENTS_PROCESSOR_URL", sandbox);
        env.put("CAMPUS_ADMIN_EMAIL", ADMIN_EMAIL); // read by users alone; both instances make sure of it at once
        env.put("CAMPUS_ADMIN_PASSWORD", ADMIN_PASSWORD);
        add(member(service + "-" + i, service, "verticles/" + service, jvmArgs, env, null));
      }
    }
    for (int i = 1; i <= 2; i++) {
      int http = Campus.freePort();
      add(member("bff-web-" + i, "bff-web", "bff-web", jvmArgs, Map.of("CAMPUS_HTTP_PORT",
          String.valueOf(http)), Campus.url(http)));
    }
    int mobile = Campus.freePort();
    add(member("bff-mobile-1", "bff-mobile", "bff-mobile", jvmArgs, Map.of("CAMPUS_MOBILE_HTTP_PORT",
        String.valueOf(mobile)), Campus.url(mobile)));

    launch(List.of("payment-sandbox"));
    // Both instances of a service at once: its database exists already, and Flyway migrates it under a lock.
    launch(Services.ALL.stream().flatMap(s -> java.util.stream.Stream.of(s + "-1", s + "-2")).toList());
    launch(List.of("bff-web-1", "bff-web-2", "bff-mobile-1"));
  }

  private Member member(String name, String kind, String module, List<String> jvmArgs,
                        Map<String, String> extra, String api) {
    int management = Campus.freePort();
    Map<String, String> env = new HashMap<>(COMMON);
    env.putAll(extra);
    env.put("CAMPUS_DATA_DIR", dir.resolve(name).toString());
    env.put("CAMPUS_MANAGEMENT_PORT", String.valueOf(management));
    return new Member(name, kind, Campus.jar(root, module, kind), jvmArgs, List.of("-cluster"), env,
        Campus.url(management) + "/health/ready", api);
  }

  private void add(Member member) {
    members.put(member.name(), member);
  }

  /** Starts these members in parallel and waits until each is ready. */
  private void launch(List<String> names) {
    CompletableFuture.allOf(names.stream().map(name -> CompletableFuture.runAsync(() -> startMember(name)))
        .toArray(CompletableFuture[]::new)).join();
  }

  /** Starts a member (again, after a kill: a log file of its own per start) and returns once it is ready. */
  public void startMember(String name) {
    Member m = members.get(name);
    Jvm jvm;
    synchronized (this) { // never a member started after (or while) everything is stopped
      if (closed) {
        throw new IllegalStateException("the system is stopping: " + name + " not started");
      }
      Path log = logs.resolve(name + (running.containsKey(name) ? "-" + System.currentTimeMillis() : "") + ".log");
      jvm = Jvm.start(name, m.jar(), null, m.jvmArgs(), m.args(), m.env(), log, MEMBER_NICENESS);
      running.put(name, jvm);
    }
    if (!m.kind().equals("payment-sandbox")) {
      jvm.awaitLog(m.kind() + " ready in", START);
    }
    jvm.awaitOk(m.readiness(), START);
  }

  /** kill -9 of one member. */
  public void kill(String name) {
    running.get(name).kill();
  }

  /** Sends a member {@code SIGSTOP} or {@code SIGCONT} ({@code signal} {@code STOP} or {@code CONT}). */
  public void signal(String name, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(running.get(name).pid())).start();
      if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + name + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits (bounded) until a member answers ready. */
  public void awaitReady(String name) {
    running.get(name).awaitOk(members.get(name).readiness(), START);
  }

  /** Stops {@code service}'s PostgreSQL server (its data stays). */
  public void stopDatabase(String service) {
    databases.stop(service);
  }

  /** Starts {@code service}'s PostgreSQL server again, on its data and its port. */
  public void startDatabase(String service) {
    databases.start(service);
  }

  /** Sets the payment sandbox's behaviour (its {@code /admin/settings}). */
  public void configureProcessor(io.vertx.core.json.JsonObject settings) {
    try {
      int status = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(sandbox() + "/admin/settings")).header("Content-Type", "application/json")
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(settings.encode())).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        throw new IllegalStateException("the sandbox refused " + settings + ": " + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The members, in start order. */
  public List<Member> members() {
    return List.copyOf(members.values());
  }

  /** The API base URLs of the web BFF's instances. */
  public List<String> webs() {
    return members.values().stream().filter(m -> m.kind().equals("bff-web")).map(Member::api).toList();
  }

  /** A member's API base URL; null for one that serves none (a service). */
  public String api(String member) {
    return members.get(member).api();
  }

  public String mobile() {
    return members.get("bff-mobile-1").api();
  }

  public String sandbox() {
    return members.get("payment-sandbox").api();
  }

  /** A JDBC URL of {@code service}'s database, for the checker. */
  public String jdbcUrl(String service) {
    return databases.jdbcUrl(service);
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running this
    }
  }

  private synchronized void stopAll() {
    closed = true;
    // Every member at once: the run is over, nothing they still say is judged.
    CompletableFuture.allOf(members.keySet().stream().map(running::remove).filter(java.util.Objects::nonNull)
        .map(jvm -> CompletableFuture.runAsync(jvm::stop)).toArray(CompletableFuture[]::new)).join();
    if (databases != null) {
      databases.close();
    }
    Campus.delete(dir); // the data; the logs stay
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
