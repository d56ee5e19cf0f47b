package io.campus.bridge;

import io.campus.platform.node.CampusLauncher;

import java.util.Map;

/** {@code java -jar bus-bridge.jar [-cluster]}: the TCP event-bus bridge alone in its JVM. */
public final class BusBridgeMain {

  private BusBridgeMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "bus-bridge", Map.of("management.port", "9107"), BridgeSettings::from,
        (node, settings) -> node.deploy(() -> new BusBridgeVerticle(node, settings), 1));
  }
}
