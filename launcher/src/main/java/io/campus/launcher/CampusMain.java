package io.campus.launcher;

import io.campus.bff.mobile.MobileBffVerticle;
import io.campus.bff.web.WebBffVerticle;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.payments.PaymentsVerticle;
import io.campus.platform.node.CampusLauncher;
import io.campus.platform.node.CampusNode;
import io.campus.sandbox.SandboxVerticle;
import io.campus.users.UsersVerticle;
import io.vertx.core.Future;

import java.util.Map;

/**
 * {@code java -jar campus.jar}: every service and BFF in one JVM, talking over the local event bus, with one
 * embedded PostgreSQL holding a database per service. The same verticles run unchanged in the cluster form.
 * Without a configured card processor ({@code CAMPUS_PAYMENTS_PROCESSOR_URL}) it starts the payment sandbox too,
 * so a purchase works right away.
 */
public final class CampusMain {

  private static final int SANDBOX_PORT = 8090;

  private CampusMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "campus", Map.of("http.port", "8080", "management.port", "9000"),
        node -> sandbox(node)
            .compose(v -> Future.all(
                node.deploy(() -> new CoursesVerticle(node), 1),
                node.deploy(() -> new UsersVerticle(node), 1),
                node.deploy(() -> new PaymentsVerticle(node), 1),
                node.deploy(() -> new HistoryVerticle(node), 1)))
            .compose(services -> Future.all(
                node.deploy(() -> new WebBffVerticle(node), 1),
                node.deploy(() -> new MobileBffVerticle(node), 1))));
  }

  private static Future<?> sandbox(CampusNode node) {
    if (node.config().find("payments.processor.url").isPresent()) {
      return Future.succeededFuture();
    }
    int port = node.config().getInt("sandbox.port", SANDBOX_PORT);
    return node.deploy(() -> new SandboxVerticle("127.0.0.1", port), 1);
  }
}
