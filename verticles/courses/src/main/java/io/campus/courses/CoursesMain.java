package io.campus.courses;

import io.campus.platform.node.CampusLauncher;

import java.util.Map;

/** {@code java -jar courses.jar [-cluster]}: the courses service alone in its JVM. */
public final class CoursesMain {

  private CoursesMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "courses", Map.of("management.port", "9101"),
        node -> node.deploy(() -> new CoursesVerticle(node), 1));
  }
}
