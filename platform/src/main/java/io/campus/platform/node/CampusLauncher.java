package io.campus.platform.node;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.config.InvalidSetting;
import io.campus.platform.db.EarlyPostgres;
import io.vertx.core.Future;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The {@code main} of every Campus deployable. We start the process ourselves rather than through Vert.x's
 * application launcher because a node owns things that must outlive its verticles (the embedded PostgreSQL is
 * stopped after Vert.x) and its verticles receive the node in their constructors.
 *
 * <pre>java -jar courses.jar [-cluster]</pre>
 * With {@code -cluster} the JVM joins the Hazelcast cluster described by {@code cluster.xml} (the one in the jar,
 * or {@code -Dvertx.hazelcast.config=PATH}).
 */
public final class CampusLauncher {

  private static final Logger LOG = Logger.getLogger(CampusLauncher.class.getName());
  private static final long STOP_WAIT_SECONDS = 30;

  private CampusLauncher() {
  }

  /**
   * Starts a node called {@code nodeName} with {@code defaults} under the configuration layers, then deploys what
   * {@code deploy} deploys. Exits the JVM with a one-line message if that fails.
   */
  public static void run(String[] args, String nodeName, Map<String, String> defaults,
                         Function<CampusNode, Future<?>> deploy) {
    run(args, nodeName, defaults, Map.of(), config -> null, (node, none) -> deploy.apply(node));
  }

  /**
   * As {@link #run(String[], String, Map, Function)} for a deployable with settings of its own: {@code bind} reads
   * and checks them from the configuration before anything starts (a bad value ends the process at once with one
   * line naming its key), and {@code deploy} hands them to its verticles.
   */
  public static <S> void run(String[] args, String nodeName, Map<String, String> defaults,
                             Function<CampusConfig, S> bind, BiFunction<CampusNode, S, Future<?>> deploy) {
    run(args, nodeName, defaults, Map.of(), bind, deploy);
  }

  /**
   * As {@link #run(String[], String, Map, Function, BiFunction)}, with command-line flags of this deployable: each
   * flag ({@code --rebuild}) sets its configuration key ({@code rebuild}) to true for this run.
   */
  public static <S> void run(String[] args, String nodeName, Map<String, String> defaults, Map<String, String> flags,
                             Function<CampusConfig, S> bind, BiFunction<CampusNode, S, Future<?>> deploy) {
    long jvmToMain = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    configureLogging();
    boolean clustered = false;
    Map<String, String> flagged = new HashMap<>();
    for (String arg : args) {
      switch (arg) {
        case "-cluster", "--cluster" -> clustered = true;
        case "-h", "-help", "--help" -> {
          System.out.println("usage: java -jar " + nodeName + ".jar [-cluster]" + flags.keySet().stream()
              .map(f -> " [" + f + "]").collect(java.util.stream.Collectors.joining()) + "\n"
              + "configuration: CAMPUS_* environment variables, -Dcampus.* properties, CAMPUS_CONFIG_FILE (JSON)");
          return;
        }
        default -> {
          if (!flags.containsKey(arg)) {
            exit(2, "unknown option '" + arg + "' (try --help)");
          }
          flagged.put(flags.get(arg), "true");
        }
      }
    }
    CampusConfig config;
    long limit;
    NodeSettings nodeSettings;
    S settings;
    try {
      Map<String, String> all = new HashMap<>(defaults);
      all.putIfAbsent("node.name", nodeName);
      CampusConfig layered = CampusConfig.load(all);
      for (Map.Entry<String, String> flag : flagged.entrySet()) {
        layered = layered.with(flag.getKey(), flag.getValue());
      }
      config = layered;
      clustered = clustered || config.getBoolean("cluster", false);
      limit = config.getInt("startup.timeout.seconds", 120, 1);
      nodeSettings = NodeSettings.from(config);
      settings = bind.apply(config);
    } catch (IllegalArgumentException e) {
      exit(2, e.getMessage());
      return;
    } catch (RuntimeException e) {
      exit(1, nodeName + " could not read its configuration: " + describe(e));
      return;
    }
    System.out.println("campus " + nodeName + " starting" + (clustered ? " (clustered)" : "")
        + " with configuration:\n" + config.describe());

    long started = System.nanoTime();
    Optional<EarlyPostgres> early = EarlyPostgres.startIfEmbedded(config, nodeSettings.embeddedDataDir());
    CampusNode node;
    try {
      // Bounded too: a clustered start that cannot complete (bad TLS material, say) must not hang the process.
      node = CampusNode.start(config, nodeSettings, clustered ? new HazelcastClusterManager() : null)
          .toCompletionStage().toCompletableFuture().get(limit, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      exit(1, nodeName + " could not join its cluster within " + limit + " s (CAMPUS_STARTUP_TIMEOUT_SECONDS)");
      return;
    } catch (Exception e) { // the cause may be checked, such as a BindException
      exit(1, nodeName + " could not start Vert.x: " + describe(e));
      return;
    }
    early.ifPresent(server -> server.handTo(node.databases()));
    // From here on a Ctrl-C, even during deployment, stops the node (and its PostgreSQL) cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node), "campus-shutdown"));
    // Its embedded PostgreSQL dead, this process exits (70) for a supervisor to restart it on the same data: the
    // start stops what the dead server left and starts it cleanly, and every pool and consumer starts fresh.
    node.onEmbeddedDatabaseDeath(() -> new Thread(() -> exit(70, nodeName + ": its embedded PostgreSQL died; "
        + "exiting so that a supervisor restarts it on the same data"), "campus-exit").start());
    long joined = System.nanoTime();
    try {
      // Bounded: a start that never completes (a bug that throws inside a callback) must not hang the process.
      // Composed, so that a deploy that throws instead of failing its future ends the start like any failure.
      Future.succeededFuture().compose(v -> deploy.apply(node, settings))
          .toCompletionStage().toCompletableFuture().get(limit, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      exit(1, nodeName + " did not start within " + limit + " s (CAMPUS_STARTUP_TIMEOUT_SECONDS); see the log above");
    } catch (java.util.concurrent.ExecutionException e) {
      exit(1, nodeName + " failed to start: " + describe(e.getCause())); // the shutdown hook stops the node
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit(1, nodeName + " was interrupted while starting");
    }
    node.started();
    long now = System.nanoTime();
    // The phases of a start, for whoever wonders where it went: the JVM up to main (class loading), Vert.x with its
    // cluster, then the verticles (databases, migrations, catch-up, discovery).
    LOG.info(nodeName + " ready in " + TimeUnit.NANOSECONDS.toMillis(now - started) + " ms (JVM to main "
        + jvmToMain + " ms, " + (clustered ? "Vert.x and cluster " : "Vert.x ")
        + TimeUnit.NANOSECONDS.toMillis(joined - started) + " ms, verticles "
        + TimeUnit.NANOSECONDS.toMillis(now - joined) + " ms; node " + node.identity().nodeId() + ")");
    System.out.println("campus " + nodeName + " runs with these settings (defaults included):\n"
        + config.describeEffective());
  }

  private static void stop(CampusNode node) {
    try {
      node.close().toCompletionStage().toCompletableFuture().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      System.out.println("campus " + node.identity().nodeName() + " stopped");
    } catch (Exception e) {
      System.err.println("campus " + node.identity().nodeName() + " did not stop cleanly: " + describe(e));
    }
  }

  /**
   * The message of a {@link StartupException} or an {@link InvalidSetting} as it is; anything else as its innermost
   * cause's type and message.
   */
  private static String describe(Throwable e) {
    Throwable t = e;
    while (!forOperators(t) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return forOperators(t) ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static boolean forOperators(Throwable t) {
    return t instanceof StartupException || t instanceof InvalidSetting;
  }

  private static void exit(int code, String message) {
    System.err.println("campus: " + message);
    System.exit(code);
  }

  /** One line per record unless the operator brought a logging configuration of their own. */
  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = CampusLauncher.class.getResourceAsStream("/campus-logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      System.err.println("campus: default logging configuration not loaded: " + e.getMessage());
    }
  }
}
