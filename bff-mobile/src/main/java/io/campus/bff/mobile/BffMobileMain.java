package io.campus.bff.mobile;

import io.campus.platform.node.CampusLauncher;

import java.util.Map;

/** {@code java -jar bff-mobile.jar [-cluster]}: the mobile BFF alone in its JVM (API on 8081). */
public final class BffMobileMain {

  private BffMobileMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "bff-mobile", Map.of("management.port", "9081"),
        MobileSettings::from, (node, settings) -> node.deploy(() -> new MobileBffVerticle(node, settings), 1));
  }
}
