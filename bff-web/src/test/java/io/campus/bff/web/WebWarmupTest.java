package io.campus.bff.web;

import io.campus.courses.CoursesVerticle;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestHttp;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A BFF warms itself before it is ready: by the time its start completes it has answered its own first routes,
 * so the catalog is already cached. Shown by taking courses away before any user asked anything.
 */
class WebWarmupTest {

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of()));
    String courses = join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    http = TestHttp.at(node.config().getInt("http.port", 0)).within(Duration.ofSeconds(2));
    join(node.undeploy(courses)); // before the first user request
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("ready means warm: with courses gone before any request, the catalog and home still come whole")
  void catalogCachedBeforeReady() throws Exception {
    HttpResponse<String> catalog = get("/api/courses");
    assertEquals(200, catalog.statusCode(), catalog.body());
    assertTrue(new JsonObject(catalog.body()).getJsonArray("items").size() > 0);

    JsonObject home = new JsonObject(get("/api/home").body());
    assertNotNull(home.getJsonObject("catalog"), home.encode());
    assertTrue(home.getJsonArray("degraded").isEmpty(), home.encode());

    // A query the warm-up did not send needs courses: the cache was filled by the warm-up, not by chance.
    assertEquals(503, get("/api/courses?q=never-asked").statusCode());
  }

  private static HttpResponse<String> get(String path) {
    return http.get(path);
  }
}
