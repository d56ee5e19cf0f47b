package io.campus.bench.system;

import io.campus.contracts.Services;
import io.campus.platform.node.ClusterXml;
import io.campus.platform.node.LoopbackPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The Campus a benchmark measures: the all-in-one jar, every service and BFF as its own clustered JVM, or a system
 * that is already running. What the bench started it stops (also on Ctrl-C), and deletes its data.
 */
public final class Campus implements AutoCloseable {

  private static final Duration START = Duration.ofMinutes(3);
  /** The BFFs' rate limits are lifted: a load test is one client sending what a crowd would. */
  private static final Map<String, String> COMMON = Map.of(
      "CAMPUS_HTTP_HOST", "127.0.0.1",
      "CAMPUS_MANAGEMENT_HOST", "127.0.0.1",
      "CAMPUS_RATE_LIMIT_ADDRESS_PER_SECOND", "10000000", "CAMPUS_RATE_LIMIT_ADDRESS_BURST", "10000000",
      "CAMPUS_RATE_LIMIT_USER_PER_SECOND", "10000000", "CAMPUS_RATE_LIMIT_USER_BURST", "10000000");
  private static final List<String> SERVICES = Services.ALL;

  private final String form;
  private final String web;
  private final String mobile;
  private final String sandbox;
  private final List<Jvm> jvms;
  private final Path data;
  private final Thread onExit = new Thread(this::stopAll, "campus-bench-stop");
  /** How each member of the cluster form was started, to start it again after a kill. */
  private final Map<String, Launch> launches = new java.util.concurrent.ConcurrentHashMap<>();

  /** A member's start: the JVM (its log file given), and where its readiness is. */
  private record Launch(java.util.function.Function<Path, Jvm> start, Path logs, String readiness) {
  }

  /**
   * A member started again: from launch to its "ready in" line and to readiness UP (polled), and the phases it
   * logged with "ready in".
   */
  public record Started(String name, long readyLogMs, long readyMs, String phases) {
  }

  private Campus(String form, String web, String mobile, String sandbox, List<Jvm> jvms, Path data) {
    this.form = form;
    this.web = web;
    this.mobile = mobile;
    this.sandbox = sandbox;
    this.jvms = jvms;
    this.data = data;
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** A Campus that is already running; nothing is started or stopped. */
  public static Campus running(String web, String mobile, String sandbox) {
    return new Campus("target", web, mobile, sandbox, new ArrayList<>(), null);
  }

  /** {@code java -jar launcher/target/campus.jar} with an empty data directory. */
  public static Campus allInOne(Path root, Path logs, List<String> jvmArgs) {
    Path jar = jar(root, "launcher", "campus");
    Path data = tempDir();
    int web = freePort();
    int mobile = freePort();
    int sandbox = freePort();
    int management = freePort();
    Map<String, String> env = new HashMap<>(COMMON);
    env.putAll(Map.of("CAMPUS_DATA_DIR", data.toString(), "CAMPUS_HTTP_PORT", String.valueOf(web),
        "CAMPUS_MOBILE_HTTP_PORT", String.valueOf(mobile), "CAMPUS_SANDBOX_PORT", String.valueOf(sandbox),
        "CAMPUS_MANAGEMENT_PORT", String.valueOf(management)));
    List<Jvm> jvms = new ArrayList<>();
    Campus campus = new Campus("all-in-one", url(web), url(mobile), url(sandbox), jvms, data);
    try {
      Jvm jvm = Jvm.start("campus", jar, null, jvmArgs, List.of(), env, logs.resolve("campus.log")).ownsDataIn(data);
      jvms.add(jvm);
      jvm.awaitLog("campus ready in", START);
      jvm.awaitOk(url(management) + "/health/ready", START);
      return campus;
    } catch (RuntimeException e) {
      campus.close();
      throw e;
    }
  }

  /**
   * The cluster form: the payment sandbox, then the four services in parallel, then both BFFs, each its own JVM
   * in a Hazelcast cluster of the bench's own (name {@code campus-bench}, ports 6201-6210), each service with its
   * own embedded PostgreSQL.
   */
  public static Campus cluster(Path root, Path logs, List<String> jvmArgs) {
    Path data = tempDir();
    Path clusterXml = ClusterXml.write(data, "campus-bench", 6201, SERVICES.size() + 2);
    List<String> clustered = new ArrayList<>(jvmArgs);
    clustered.add("-Dvertx.hazelcast.config=" + clusterXml);
    int web = freePort();
    int mobile = freePort();
    int sandbox = freePort();
    List<Jvm> jvms = java.util.Collections.synchronizedList(new ArrayList<>());
    Campus campus = new Campus("cluster", url(web), url(mobile), url(sandbox), jvms, data);
    try {
      Jvm processor = Jvm.start("payment-sandbox", jar(root, "tools/payment-sandbox", "payment-sandbox"), null,
          jvmArgs, List.of(), Map.of("CAMPUS_SANDBOX_PORT", String.valueOf(sandbox)),
          logs.resolve("payment-sandbox.log"));
      jvms.add(processor);
      processor.awaitOk(url(sandbox) + "/admin/settings", START);
      CompletableFuture.allOf(SERVICES.stream().map(service -> CompletableFuture.runAsync(() ->
          jvms.add(campus.member(root, service, "verticles/" + service, clustered, data, logs,
              Map.of("CAMPUS_SANDBOX_PORT", String.valueOf(sandbox)))))).toArray(CompletableFuture[]::new)).join();
      CompletableFuture<Void> webBff = CompletableFuture.runAsync(() -> jvms.add(campus.member(root, "bff-web",
          "bff-web", clustered, data, logs, Map.of("CAMPUS_HTTP_PORT", String.valueOf(web)))));
      jvms.add(campus.member(root, "bff-mobile", "bff-mobile", clustered, data, logs,
          Map.of("CAMPUS_MOBILE_HTTP_PORT", String.valueOf(mobile))));
      webBff.join();
      return campus;
    } catch (RuntimeException e) {
      campus.close();
      throw e;
    }
  }

  private Jvm member(Path root, String name, String module, List<String> jvmArgs, Path data, Path logs,
                     Map<String, String> extra) {
    int management = freePort();
    Map<String, String> env = new HashMap<>(COMMON);
    env.putAll(extra);
    env.put("CAMPUS_DATA_DIR", data.resolve(name).toString());
    env.put("CAMPUS_MANAGEMENT_PORT", String.valueOf(management));
    Path jar = jar(root, module, name);
    Launch launch = new Launch(log -> Jvm.start(name, jar, null, jvmArgs, List.of("-cluster"), env, log)
        .ownsDataIn(data.resolve(name)), logs, url(management) + "/health/ready");
    launches.put(name, launch);
    Jvm jvm = launch.start().apply(logs.resolve(name + ".log"));
    jvm.awaitLog(name + " ready in", START);
    jvm.awaitOk(launch.readiness(), START);
    return jvm;
  }

  /** kill -9 of a member of the cluster form (its embedded PostgreSQL stays behind, as after a real crash). */
  public void kill(String name) {
    jvm(name).kill();
  }

  /**
   * Starts a killed member again on its data (log {@code <name>-<n>.log}), as a supervisor would, and returns once
   * its readiness is UP.
   */
  public Started startAgain(String name) {
    Launch launch = launches.get(name);
    Jvm old = jvm(name);
    long launched = System.nanoTime();
    Jvm jvm = launch.start().apply(launch.logs().resolve(name + "-" + System.currentTimeMillis() + ".log"));
    synchronized (jvms) {
      jvms.set(jvms.indexOf(old), jvm);
    }
    String line = jvm.awaitLog(name + " ready in", START);
    long readyLog = System.nanoTime();
    jvm.awaitOk(launch.readiness(), START);
    long ready = System.nanoTime();
    return new Started(name, (readyLog - launched) / 1_000_000, (ready - launched) / 1_000_000,
        line.replaceFirst(".*ready in \\d+ ms \\(", "").replaceFirst("; node .*", ""));
  }

  private Jvm jvm(String name) {
    synchronized (jvms) {
      return jvms.stream().filter(j -> j.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no JVM called " + name));
    }
  }

  public String form() {
    return form;
  }

  public String web() {
    return web;
  }

  public String mobile() {
    return mobile;
  }

  public String sandbox() {
    return sandbox;
  }

  /** The resident memory of every JVM the bench started (none for a running target). */
  public List<Jvm.Rss> rss() {
    return new ArrayList<>(jvms).stream().map(Jvm::rss).toList();
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
    List<Jvm> started = new ArrayList<>(jvms);
    java.util.Collections.reverse(started); // BFFs first, the sandbox last
    started.forEach(Jvm::stop);
    jvms.clear();
    if (data != null) {
      delete(data);
    }
  }

  /** The fat jar {@code <module>/target/<name>.jar} of the project at {@code root}. */
  public static Path jar(Path root, String module, String name) {
    Path jar = root.resolve(module).resolve("target").resolve(name + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the project first (mvn -DskipTests package)");
    }
    return jar;
  }

  public static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** A TCP port free on loopback now ({@link LoopbackPorts}). */
  public static int freePort() {
    return LoopbackPorts.free();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("campus-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and all in it; a leftover temporary directory is not worth failing a run for. */
  public static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is not worth failing a benchmark for
    }
  }
}
