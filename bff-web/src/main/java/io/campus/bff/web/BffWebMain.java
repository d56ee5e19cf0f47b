package io.campus.bff.web;

import io.campus.platform.node.CampusLauncher;

import java.util.Map;

/** {@code java -jar bff-web.jar [-cluster]}: the web BFF alone in its JVM. */
public final class BffWebMain {

  private BffWebMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "bff-web", Map.of("http.port", "8080", "management.port", "9080"),
        WebSettings::from, (node, settings) -> node.deploy(() -> new WebBffVerticle(node, settings), 1));
  }
}
