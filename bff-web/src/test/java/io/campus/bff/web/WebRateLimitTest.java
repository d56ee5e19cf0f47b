package io.campus.bff.web;

import io.campus.courses.CoursesVerticle;
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
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits: per client address on everything the server answers, per verified user whatever the spelling of
 * their header, 429 with Retry-After as problem+json; and bucket storage bounded whatever a stranger sends.
 * Requests come from several loopback source addresses (127.0.x.y), each a client address of its own.
 */
class WebRateLimitTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int MAX_ENTRIES = 1_000;

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static RawHttp raw;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of(
        "rate.limit.user.per.second", "1", "rate.limit.user.burst", "3",
        "rate.limit.address.per.second", "1", "rate.limit.address.burst", "30",
        "rate.limit.entries", String.valueOf(MAX_ENTRIES))));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    raw = new RawHttp(node.config().getInt("http.port", 0));
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("one user is one bucket: 'Bearer t', 'bearer t' and 'BEARER  t' share it; the 4th request is a 429")
  void perVerifiedUser() throws Exception {
    String token = raw.signIn("127.0.0.2", "limit");
    List<String> spellings = List.of("Bearer " + token, "bearer " + token, "BEARER  " + token);
    for (String header : spellings) {
      assertEquals(200, raw.get("127.0.0.2", "/api/me", header).status(), header.substring(0, 8));
    }
    RawHttp.Answer limited = raw.get("127.0.0.2", "/api/me", "bEaReR " + token);
    assertEquals(429, limited.status(), limited.text());
    assertTrue(limited.text().contains("\"code\":\"TOO_MANY_REQUESTS\""), limited.text());
    assertTrue(Long.parseLong(limited.header("retry-after")) >= 1, limited.text());

    // Another user from the same address has a bucket of their own.
    String other = raw.signIn("127.0.0.2", "limit");
    assertEquals(200, raw.get("127.0.0.2", "/api/me", "Bearer " + other).status());
  }

  @Test
  @DisplayName("the address limit covers the API, the web app and the live-update bridge alike")
  void perAddress() throws Exception {
    String[] paths = {"/api/courses?size=1", "/", "/eventbus/info"};
    for (int i = 0; i < 30; i++) {
      int status = raw.get("127.0.0.3", paths[i % 3], null).status();
      assertEquals(200, status, "request " + i + " is within the burst of 30");
    }
    // Past the burst (refilled at 1/s), each kind of path is refused in turn.
    Map<String, RawHttp.Answer> refused = new HashMap<>();
    for (int i = 0; i < 60 && refused.size() < paths.length; i++) {
      RawHttp.Answer answer = raw.get("127.0.0.3", paths[i % 3], null);
      if (answer.status() == 429) {
        refused.putIfAbsent(paths[i % 3], answer);
      }
    }
    assertEquals(Set.of(paths), refused.keySet());
    refused.values().forEach(answer -> assertTrue(Long.parseLong(answer.header("retry-after")) >= 1, answer.text()));
    assertEquals(200, raw.get("127.0.0.4", "/api/courses?size=1", null).status(),
        "another address is not affected");
  }

  @Test
  @DisplayName("10 000 requests with random 7.6 KB tokens from 10 000 addresses: 401s, and the limiter stays bounded")
  void boundedStorage() throws Exception {
    long usersBefore = entries("user");
    SecureRandom random = new SecureRandom();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = IntStream.range(0, 10_000).mapToObj(i -> clients.submit(() -> {
        byte[] junk = new byte[5_700]; // 7.6 KB once encoded: within the 8 KiB header limit
        random.nextBytes(junk);
        String address = "127.0." + (10 + i / 250) + "." + (1 + i % 250);
        return raw.get(address, "/api/me", "Bearer " + Base64.getUrlEncoder().encodeToString(junk)).status();
      })).toList();
      for (Future<Integer> answer : answers) {
        assertEquals(401, answer.get(), "an unverifiable token is refused");
      }
    } finally {
      clients.shutdownNow();
    }
    assertTrue(entries("address") <= MAX_ENTRIES, "address buckets: " + entries("address"));
    assertEquals(usersBefore, entries("user"), "a token that does not verify has no user bucket");
  }

  /** The limiter's bucket count from the node's own metrics. */
  private static long entries(String kind) throws Exception {
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + node.config().getInt("management.port", 0) + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("campus_rate_limit_entries\\{caller=\"bff-web\",kind=\"" + kind + "\"} ([0-9.E]+)")
        .matcher(metrics);
    assertTrue(m.find(), metrics);
    return (long) Double.parseDouble(m.group(1));
  }
}
