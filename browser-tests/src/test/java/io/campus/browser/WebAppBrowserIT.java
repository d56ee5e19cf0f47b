package io.campus.browser;

import io.campus.platform.db.LeftoverPostgres;
import io.campus.platform.testing.ChildJvm;
import io.campus.platform.testing.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web app in headless Chromium (Debian's, driven by Playwright) against {@code campus.jar} run as a user runs
 * it. The steps and their checks are in {@code src/test/js/buy-a-course.mjs}; screenshots go to
 * {@code target/screenshots/}.
 */
class WebAppBrowserIT {

  private static final Path JAR = Path.of("..", "launcher", "target", "campus.jar");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @Test
  @DisplayName("a student searches, registers, signs in, buys a course, sees it COMPLETED live, the bell count it "
      + "live, reads her notifications, and finds it in the history")
  void buyACourse(@TempDir Path dir) throws Exception {
    int http = TestNodes.freePort();
    try (ChildJvm campus = ChildJvm.start(JAR, List.of(), List.of(), Map.of(
        "CAMPUS_DATA_DIR", dir.toString(),
        "CAMPUS_HTTP_HOST", "127.0.0.1", "CAMPUS_HTTP_PORT", String.valueOf(http),
        "CAMPUS_MOBILE_HTTP_PORT", String.valueOf(TestNodes.freePort()),
        "CAMPUS_MANAGEMENT_HOST", "127.0.0.1", "CAMPUS_MANAGEMENT_PORT", String.valueOf(TestNodes.freePort()),
        "CAMPUS_SANDBOX_PORT", String.valueOf(TestNodes.freePort()),
        // The notifications service, a Node.js child of campus.jar, found from this module's folder.
        "CAMPUS_NOTIFICATIONS_NODE_DIR", Path.of("..", "polyglot", "notifications-node").toString(),
        "CAMPUS_NOTIFICATIONS_MANAGEMENT_PORT", String.valueOf(TestNodes.freePort())),
        dir.resolve("campus.log"))) {
      campus.awaitOutput("campus ready in", Duration.ofSeconds(90));

      Path log = Files.createDirectories(Path.of("target")).resolve("browser-test.log");
      ProcessBuilder node = new ProcessBuilder("node", "src/test/js/buy-a-course.mjs")
          .redirectErrorStream(true).redirectOutput(log.toFile());
      node.environment().put("CAMPUS_URL", "http://127.0.0.1:" + http);
      node.environment().put("SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
      Process browser = node.start();
      try {
        assertTrue(browser.waitFor(3, TimeUnit.MINUTES), "the browser test ends within 3 minutes");
      } finally {
        browser.descendants().forEach(ProcessHandle::destroyForcibly);
        browser.destroyForcibly();
      }
      String output = Files.readString(log);
      assertEquals(0, browser.exitValue(), "browser test failed:\n" + output);
      assertTrue(output.contains("statuses shown: PENDING"), output);
      assertTrue(Files.size(SCREENSHOTS.resolve("purchase-completed.png")) > 10_000, "a screenshot of the purchase");
      campus.terminate(Duration.ofSeconds(30)); // as Ctrl-C: PostgreSQL stops with it
    } finally {
      LeftoverPostgres.stop(dir.resolve("campus/postgres")); // if campus.jar did not get to stop it itself
    }
  }
}
