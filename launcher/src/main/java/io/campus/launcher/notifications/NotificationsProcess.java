package io.campus.launcher.notifications;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.CampusNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js notifications service ({@code polyglot/notifications-node}) as a child process of the all-in-one: it
 * joins the bus through this process's bridge and keeps its database on this process's PostgreSQL. Started only
 * where {@code node} (20 or newer) is on the PATH and the service's packages are installed ({@code mvn package}
 * runs {@code npm ci} where npm is); otherwise Campus runs without notifications and says so in one line. A child
 * that dies is started again (backoff up to 30 s); it exits by itself when this process is gone.
 */
public final class NotificationsProcess extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(NotificationsProcess.class.getName());
  private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
  private static final int MIN_NODE = 20;
  private static final long MAX_BACKOFF_MS = 30_000;

  /**
   * @param dir            the service's folder ({@code notifications.node.dir}, {@code polyglot/notifications-node})
   * @param command        the Node.js executable ({@code notifications.node.command}, {@code node})
   * @param managementPort its management port ({@code notifications.management.port}, 9108)
   * @param enabled        whether to start it at all ({@code notifications.enabled}, true)
   */
  public record Settings(Path dir, String command, int managementPort, boolean enabled) {

    public static Settings from(CampusConfig config) {
      return new Settings(Path.of(config.get("notifications.node.dir", "polyglot/notifications-node")),
          config.get("notifications.node.command", "node"), config.port("notifications.management.port", 9108),
          config.getBoolean("notifications.enabled", true));
    }
  }

  /** Where the child finds the bridge. */
  public record Bridge(String host, int port, String secret) {
  }

  private final CampusNode node;
  private final Settings settings;
  private final Bridge bridge;
  private final ProcessBuilder.Redirect output;
  private volatile Process process;
  private volatile boolean stopping;
  private volatile long startedAt;
  private long backoffMs = 1_000;

  /** {@code output}: where the child's output goes (the console in the all-in-one, a file in a test). */
  public NotificationsProcess(CampusNode node, Settings settings, Bridge bridge, ProcessBuilder.Redirect output) {
    this.node = node;
    this.settings = settings;
    this.bridge = bridge;
    this.output = output;
  }

  /** Where the child finds the bridge. */
  public Bridge bridge() {
    return bridge;
  }

  /** The running child, if there is one. */
  public Optional<ProcessHandle> process() {
    Process running = process;
    return running != null && running.isAlive() ? Optional.of(running.toHandle()) : Optional.empty();
  }

  @Override
  public Future<?> start() {
    if (!settings.enabled()) {
      LOG.info("notifications: not started (CAMPUS_NOTIFICATIONS_ENABLED=false)");
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(this::whyNot).compose(reason -> {
      if (reason.isPresent()) {
        LOG.info("notifications: not started (" + reason.get() + "); Campus runs without notifications");
        return Future.succeededFuture();
      }
      return node.databases().connectOptions("notifications").compose(db ->
          vertx.executeBlocking(() -> {
            launch(environment(db));
            return null;
          }));
    });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    Process running = process;
    if (running == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      running.destroy(); // SIGTERM: it stops its consumer and closes its connections
      if (!running.waitFor(10, TimeUnit.SECONDS)) {
        running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      return null;
    });
  }

  /** Why the child cannot run here, if it cannot: no node, too old a node, no service folder or packages. */
  private Optional<String> whyNot() {
    Path main = settings.dir().resolve("src").resolve("main.js");
    if (!Files.isRegularFile(main)) {
      return Optional.of("no " + main.toAbsolutePath() + "; set CAMPUS_NOTIFICATIONS_NODE_DIR");
    }
    if (!Files.isDirectory(settings.dir().resolve("node_modules"))) {
      return Optional.of("its packages are not installed: run npm ci in " + settings.dir());
    }
    try {
      Process version = new ProcessBuilder(settings.command(), "--version").redirectErrorStream(true).start();
      String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
        return Optional.of(settings.command() + " --version failed");
      }
      Matcher major = NODE_VERSION.matcher(out);
      if (!major.lookingAt() || Integer.parseInt(major.group(1)) < MIN_NODE) {
        return Optional.of("Node.js " + MIN_NODE + " or newer is needed, found " + out);
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("no " + settings.command() + " on the PATH");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private Map<String, String> environment(PgConnectOptions db) {
    String credentials = encode(db.getUser()) + (db.getPassword() == null ? "" : ":" + encode(db.getPassword()));
    return Map.of(
        "CAMPUS_BRIDGE_HOST", bridge.host(),
        "CAMPUS_BRIDGE_PORT", String.valueOf(bridge.port()),
        "CAMPUS_BRIDGE_SECRET", bridge.secret(),
        "CAMPUS_NOTIFICATIONS_DB_URL", "postgresql://" + credentials + "@" + db.getHost() + ":" + db.getPort() + "/"
            + encode(db.getDatabase()),
        "CAMPUS_MANAGEMENT_PORT", String.valueOf(settings.managementPort()),
        "CAMPUS_NODE_NAME", "notifications",
        "CAMPUS_PARENT_PID", String.valueOf(ProcessHandle.current().pid()));
  }

  private void launch(Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(settings.command(), "src/main.js").directory(settings.dir().toFile())
        .redirectErrorStream(true).redirectOutput(output);
    builder.environment().putAll(env);
    Process started = builder.start();
    process = started;
    startedAt = System.currentTimeMillis();
    LOG.info("notifications: started (Node.js, pid " + started.pid() + ", management port "
        + settings.managementPort() + ")");
    started.onExit().thenAccept(exited -> vertx.runOnContext(v -> exited(exited, env)));
  }

  /** A child that died is started again, after a wait that doubles up to 30 s (reset once one lived a minute). */
  private void exited(Process exited, Map<String, String> env) {
    if (stopping) {
      return;
    }
    if (System.currentTimeMillis() - startedAt > 60_000) {
      backoffMs = 1_000;
    }
    LOG.warning("notifications: the Node.js process exited (" + exited.exitValue() + "); starting it again in "
        + backoffMs + " ms");
    long wait = backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    vertx.setTimer(wait, id -> vertx.executeBlocking(() -> {
      if (!stopping) {
        launch(env);
      }
      return null;
    }).onFailure(e -> LOG.warning("notifications: could not start the Node.js process again: " + e.getMessage())));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
