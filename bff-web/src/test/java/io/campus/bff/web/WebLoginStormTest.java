package io.campus.bff.web;

import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-ins under a storm, through the web BFF with the real users service: the per-email throttle holds under
 * concurrency, a full hashing queue answers 503 with Retry-After at once (not a 504 after a timeout), an address
 * that keeps failing is refused whatever emails it tries, and signed-in pages keep their sections meanwhile.
 * Each test storms from a loopback address of its own.
 */
class WebLoginStormTest {

  private static final String PASSWORD = "correct horse battery";

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static RawHttp raw;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of(
        "auth.hash.workers", "2", "auth.hash.queue", "2",
        "auth.throttle.address.failures", "40", "auth.throttle.address.window.seconds", "600")));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    join(node.deploy(() -> new HistoryVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    raw = new RawHttp(node.config().getInt("http.port", 0));
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("60 wrong passwords at once for one email: at most 5 x 401, the rest told when to retry, no 500/504")
  void oneEmail() throws Exception {
    String email = "storm-" + UUID.randomUUID() + "@example.org";
    assertEquals(201, raw.post("127.0.1.1", "/api/auth/register", account(email, PASSWORD).put("name", "Ann")
        .encode()).status());
    List<RawHttp.Answer> answers = storm("127.0.1.2", i -> account(email, "wrong password " + i));
    Map<Integer, Long> statuses = count(answers);
    assertTrue(statuses.getOrDefault(401, 0L) <= 5, "one password checked per 401, 5 at most: " + statuses);
    // With 4 hashes admitted at once here, a 5th checked at the same moment may be told to come back (503).
    assertTrue(Set.of(401, 429, 503).containsAll(statuses.keySet()), statuses.toString());
    answers.stream().filter(a -> a.status() != 401)
        .forEach(a -> assertTrue(Long.parseLong(a.header("retry-after")) >= 1, a.text()));
  }

  @Test
  @DisplayName("a full hashing queue: 503 with Retry-After at once, never a 504; signed-in home keeps every section")
  void queueFull() throws Exception {
    String token = raw.signIn("127.0.2.1", "home");
    ExecutorService pages = Executors.newSingleThreadExecutor();
    try {
      // Home pages read during the storm, from another address.
      Future<List<JsonObject>> homes = pages.submit(() -> {
        List<JsonObject> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          RawHttp.Answer home = raw.get("127.0.2.1", "/api/home", "Bearer " + token);
          assertEquals(200, home.status(), home.text());
          seen.add(home.json());
        }
        return seen;
      });
      List<RawHttp.Answer> answers = storm("127.0.2.2",
          i -> account("nobody-" + i + "-" + UUID.randomUUID() + "@example.org", "wrong password"));
      Map<Integer, Long> statuses = count(answers);
      assertTrue(statuses.getOrDefault(503, 0L) > 0, "4 hashes admitted of 60: " + statuses);
      // 40 failures allowed from one address: the other 20 are refused before they reach users.
      assertTrue(Set.of(401, 429, 503).containsAll(statuses.keySet()), statuses.toString());
      answers.stream().filter(a -> a.status() == 503).forEach(a -> {
        assertTrue(Long.parseLong(a.header("retry-after")) >= 1, a.text());
        assertTrue(a.text().contains("\"code\":\"UNAVAILABLE\""), a.text());
      });
      for (JsonObject home : homes.get()) {
        assertEquals(new JsonArray(), home.getJsonArray("degraded"), home.encode());
        assertTrue(home.getJsonObject("profile") != null, home.encode());
      }
    } finally {
      pages.shutdownNow();
    }
    // Right after the storm, a right password signs in.
    assertTrue(raw.signIn("127.0.2.3", "after").length() > 20);
  }

  @Test
  @DisplayName("credential stuffing: after 40 failed logins from one address, any email from it is a 429 for a while")
  void oneAddress() throws Exception {
    String email = "mine-" + UUID.randomUUID() + "@example.org";
    assertEquals(201, raw.post("127.0.3.1", "/api/auth/register", account(email, PASSWORD).put("name", "Ann")
        .encode()).status());
    for (int i = 0; i < 40; i++) {
      String guess = "stuffed-" + i + "-" + UUID.randomUUID() + "@example.org";
      assertEquals(401, raw.post("127.0.3.2", "/api/auth/login", account(guess, "password " + i).encode()).status());
    }
    RawHttp.Answer refused = raw.post("127.0.3.2", "/api/auth/login", account(email, PASSWORD).encode());
    assertEquals(429, refused.status(), refused.text());
    assertTrue(Long.parseLong(refused.header("retry-after")) >= 1, refused.text());
    assertEquals(200, raw.post("127.0.3.3", "/api/auth/login", account(email, PASSWORD).encode()).status(),
        "the same account from another address signs in");
  }

  @Test
  @DisplayName("a NUL character in an email is a 400, and many of them do not open the sign-in circuit")
  void strangeBytes() throws Exception {
    for (int i = 0; i < 8; i++) {
      RawHttp.Answer answer = raw.post("127.0.4.1", "/api/auth/login",
          "{\"email\":\"x\\u0000" + i + "@y.z\",\"password\":\"whatever123\"}");
      assertEquals(400, answer.status(), answer.text());
    }
    assertTrue(raw.signIn("127.0.4.2", "after-nul").length() > 20, "sign-in still works");
  }

  @Test
  @DisplayName("stuffing at once: waves of concurrent logins from one address check at most 40 passwords in all")
  void oneAddressAtOnce() throws Exception {
    long wrong = 0;
    for (int wave = 0; wave < 15; wave++) {
      Map<Integer, Long> statuses = count(storm("127.0.5.1",
          i -> account("wave-" + i + "-" + UUID.randomUUID() + "@example.org", "password " + i)));
      wrong += statuses.getOrDefault(401, 0L);
      assertTrue(Set.of(401, 429, 503).containsAll(statuses.keySet()), statuses.toString());
    }
    assertTrue(wrong <= 40, wrong + " passwords checked from one address, 40 allowed");
  }

  /** 60 logins at once from {@code from}. */
  private static List<RawHttp.Answer> storm(String from, java.util.function.IntFunction<JsonObject> body)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(60);
    try {
      List<Future<RawHttp.Answer>> sent = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String json = body.apply(i).encode();
        sent.add(clients.submit(() -> raw.post(from, "/api/auth/login", json)));
      }
      List<RawHttp.Answer> answers = new ArrayList<>();
      for (Future<RawHttp.Answer> answer : sent) {
        answers.add(answer.get());
      }
      return answers;
    } finally {
      clients.shutdownNow();
    }
  }

  private static Map<Integer, Long> count(List<RawHttp.Answer> answers) {
    return answers.stream().collect(Collectors.groupingBy(RawHttp.Answer::status, Collectors.counting()));
  }

  private static JsonObject account(String email, String password) {
    return new JsonObject().put("email", email).put("password", password);
  }
}
