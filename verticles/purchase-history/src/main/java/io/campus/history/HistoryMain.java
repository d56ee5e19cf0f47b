package io.campus.history;

import io.campus.platform.node.CampusLauncher;

import java.util.Map;

/**
 * {@code java -jar purchase-history.jar [-cluster] [--rebuild]}: the purchase history alone in its JVM;
 * {@code --rebuild} empties the view and rebuilds it from position 0 of every stream before answering again.
 */
public final class HistoryMain {

  private HistoryMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "purchase-history", Map.of("management.port", "9104"), Map.of("--rebuild", "rebuild"),
        HistorySettings::from, (node, settings) -> node.deploy(() -> new HistoryVerticle(node, settings), 1));
  }
}
