package io.campus.platform.testing;

import io.campus.platform.node.CampusNode;
import io.vertx.core.Deployable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

import static io.campus.platform.testing.Futures.join;

/**
 * A node with the services a module's tests share, started once per test run by the first class that extends with
 * it, handed to every such class as a parameter ({@code @BeforeAll static void start(WebServices services)}), and
 * closed when the run ends. Each start of a node costs an embedded PostgreSQL and every service's migrations, so
 * classes that need nothing special share one. A class that takes a part away ({@link #undeploy}) puts it back
 * ({@link #redeploy}) before it ends, and waits until the BFF uses it again.
 *
 * <p>Subclasses say what the node runs: {@link #settings()} on top of {@link TestNodes#config}, and {@link #deploy()}
 * with {@link #part} for each verticle a test may take away.
 */
public abstract class SharedNode implements BeforeAllCallback, ParameterResolver,
    ExtensionContext.Store.CloseableResource {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedNode.class);

  private final Map<String, Function<CampusNode, ? extends Deployable>> parts = new ConcurrentHashMap<>();
  private final Map<String, String> deployments = new ConcurrentHashMap<>();
  private Path dataDir;
  private CampusNode node;
  private List<String> startupLogs = List.of();

  /** The node's settings, on top of its own data directory and loopback ports. */
  protected abstract Map<String, String> settings();

  /** Deploys what the tests share, once. */
  protected abstract void deploy();

  public CampusNode node() {
    return node;
  }

  /** Every log line of the node's start and deployments (a secret logged while starting shows here). */
  public List<String> startupLogs() {
    return startupLogs;
  }

  /** Deploys {@code verticle} as the part named {@code name}, which tests can take away and put back. */
  protected final void part(String name, Function<CampusNode, ? extends Deployable> verticle) {
    parts.put(name, verticle);
    redeploy(name);
  }

  /** Takes the part away (a service going down). */
  public void undeploy(String name) {
    String deployment = deployments.remove(name); // gone even if the undeploy fails: Vert.x drops it either way
    if (deployment == null) {
      throw new IllegalStateException(name + " is not deployed");
    }
    join(node.undeploy(deployment));
  }

  /** Deploys the part again (a service coming back, with a new discovery record). */
  public void redeploy(String name) {
    Function<CampusNode, ? extends Deployable> verticle = parts.get(name);
    if (verticle == null || deployments.containsKey(name)) {
      throw new IllegalStateException(name + " is unknown or deployed already");
    }
    deployments.put(name, join(node.deploy(() -> verticle.apply(node), 1)));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    shared(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == getClass();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  /** The one started instance of this kind in the run; JUnit closes it when the run ends. */
  private SharedNode shared(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(getClass(), kind -> start(), SharedNode.class);
  }

  private SharedNode start() {
    SharedNode started;
    try {
      started = getClass().getDeclaredConstructor().newInstance();
      started.dataDir = Files.createTempDirectory("campus-shared-");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getClass() + " needs a public no-argument constructor", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (CapturedLogs logs = CapturedLogs.of("", Level.ALL)) {
      started.node = TestNodes.start(TestNodes.config(started.dataDir, started.settings()));
      started.deploy();
      started.startupLogs = logs.lines();
    } catch (RuntimeException | Error e) {
      started.close();
      throw e;
    }
    return started;
  }

  @Override
  public void close() {
    try {
      TestNodes.close(node);
    } finally {
      deleteQuietly(dataDir); // a leftover temporary directory must not hide why the node failed to close
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
