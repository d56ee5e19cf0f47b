package io.campus.bff.web;

import io.campus.courses.CoursesVerticle;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits per access token and per client address: 429 with Retry-After, as problem+json. */
class WebRateLimitTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static String base;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of(
        "rate.limit.user.per.second", "1", "rate.limit.user.burst", "3",
        "rate.limit.address.per.second", "1", "rate.limit.address.burst", "10")));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    base = "http://127.0.0.1:" + node.config().getInt("http.port", 0);
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("a token past its burst gets 429 while another token passes; the address past its burst gets 429")
  void limits() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, get("Bearer user-a").statusCode());
    }
    HttpResponse<String> limited = get("Bearer user-a");
    assertEquals(429, limited.statusCode(), limited.body());
    assertEquals("TOO_MANY_REQUESTS", new JsonObject(limited.body()).getString("code"));
    assertTrue(Long.parseLong(limited.headers().firstValue("retry-after").orElse("0")) >= 1);

    assertEquals(200, get("Bearer user-b").statusCode(), "another user has a bucket of their own");
    // 5 requests so far from this address, the 4th refused: 6 more fit the burst of 10, then it is full.
    for (int i = 0; i < 5; i++) {
      assertEquals(200, get(null).statusCode());
    }
    assertEquals(429, get(null).statusCode(), "the address is past its burst");
  }

  private static HttpResponse<String> get(String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/courses?size=1"))
        .timeout(Duration.ofSeconds(2));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
