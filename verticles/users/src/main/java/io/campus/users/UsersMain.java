package io.campus.users;

import io.campus.platform.node.CampusLauncher;

import java.util.Map;

/** {@code java -jar users.jar [-cluster]}: the users service alone in its JVM. */
public final class UsersMain {

  private UsersMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "users", Map.of("management.port", "9102"),
        UsersSettings::from, (node, settings) -> node.deploy(() -> new UsersVerticle(node, settings), 1));
  }
}
