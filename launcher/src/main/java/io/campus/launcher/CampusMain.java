package io.campus.launcher;

import io.campus.bff.web.WebBffVerticle;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.platform.node.CampusLauncher;
import io.campus.users.UsersVerticle;
import io.vertx.core.Future;

import java.util.Map;

/**
 * {@code java -jar campus.jar}: every service and BFF in one JVM, talking over the local event bus, with one
 * embedded PostgreSQL holding a database per service. The same verticles run unchanged in the cluster form.
 */
public final class CampusMain {

  private CampusMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "campus", Map.of("http.port", "8080", "management.port", "9000"),
        node -> Future.all(
                node.deploy(() -> new CoursesVerticle(node), 1),
                node.deploy(() -> new UsersVerticle(node), 1),
                node.deploy(() -> new HistoryVerticle(node), 1))
            .compose(services -> node.deploy(() -> new WebBffVerticle(node), 1)));
  }
}
