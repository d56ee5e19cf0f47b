package io.campus.payments;

import io.campus.platform.node.CampusLauncher;

import java.util.Map;

/**
 * {@code java -jar payments.jar [-cluster]}: the payments service alone in its JVM. The card processor is at
 * {@code CAMPUS_PAYMENTS_PROCESSOR_URL} (default http://127.0.0.1:8090, where payment-sandbox.jar listens).
 */
public final class PaymentsMain {

  private PaymentsMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "payments", Map.of("management.port", "9103"),
        PaymentsSettings::from, (node, settings) -> node.deploy(() -> new PaymentsVerticle(node, settings), 1));
  }
}
