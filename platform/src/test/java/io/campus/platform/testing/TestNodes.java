package io.campus.platform.testing;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.CampusNode;
import io.campus.platform.node.LoopbackPorts;
import io.vertx.core.spi.cluster.ClusterManager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Nodes for tests: their own data directory, loopback only, ports of their own. */
public final class TestNodes {


  private TestNodes() {
  }

  public static CampusConfig config(Path dataDir, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of(
        "node.name", "test",
        "data.dir", dataDir.toString(),
        "management.host", "127.0.0.1",
        "management.port", String.valueOf(freePort()),
        "http.host", "127.0.0.1",
        "http.port", String.valueOf(freePort())));
    values.putAll(extra);
    return CampusConfig.of(values);
  }

  public static CampusNode start(CampusConfig config) {
    return start(config, null);
  }

  public static CampusNode start(CampusConfig config, ClusterManager clusterManager) {
    // A test deploys what it needs after this; its readiness is about those parts, not about a start sequence.
    CampusNode node = CampusNode.start(config, clusterManager).toCompletionStage().toCompletableFuture().join();
    node.started();
    return node;
  }

  /** Closes the node and its embedded PostgreSQL, bounded in time. */
  public static void close(CampusNode node) {
    if (node == null) {
      return;
    }
    try {
      node.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node did not close within 60 s", e);
    }
  }

  /**
   * A loopback port free now, and never handed out before in this JVM (two of a test's servers on one port in one
   * Vert.x would share it), outside the ephemeral range ({@link LoopbackPorts}).
   */
  public static int freePort() {
    return LoopbackPorts.free();
  }

  public static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
