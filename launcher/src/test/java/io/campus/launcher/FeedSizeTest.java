package io.campus.launcher;

import io.campus.bff.mobile.MobileBffVerticle;
import io.campus.bff.web.WebBffVerticle;
import io.campus.contracts.users.Credentials;
import io.campus.contracts.users.Registration;
import io.campus.contracts.users.UsersApi;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.campus.users.UsersVerticle;
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
import java.util.Map;
import java.util.UUID;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both BFFs in one node: the phone's feed is at most half the bytes of the web home for the same user and data. */
class FeedSizeTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static int mobilePort;

  @BeforeAll
  static void start() {
    mobilePort = TestNodes.freePort();
    node = TestNodes.start(TestNodes.config(dataDir, Map.of("mobile.http.port", String.valueOf(mobilePort))));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    join(node.deploy(() -> new HistoryVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    join(node.deploy(() -> new MobileBffVerticle(node), 1));
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("the mobile feed is at most half the size of the web home")
  void halfTheBytes() throws Exception {
    BusClient bus = new BusClient(node.vertx());
    String email = "size-" + UUID.randomUUID() + "@example.org";
    join(bus.request(UsersApi.REGISTER, new Registration(email, "correct horse battery", "Size"), 10_000));
    String token = join(bus.request(UsersApi.LOGIN, new Credentials(email, "correct horse battery"), 10_000))
        .accessToken();
    HttpResponse<String> web = get(node.config().getInt("http.port", 0), "/api/home", token);
    HttpResponse<String> mobile = get(mobilePort, "/api/feed", token);
    assertEquals(200, web.statusCode());
    assertEquals(200, mobile.statusCode());
    int webBytes = web.body().getBytes().length;
    int mobileBytes = mobile.body().getBytes().length;
    assertTrue(mobileBytes * 2 <= webBytes, "feed " + mobileBytes + " bytes, web home " + webBytes);
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }
}
