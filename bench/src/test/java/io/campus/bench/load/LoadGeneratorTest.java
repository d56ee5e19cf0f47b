package io.campus.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator against a loopback server whose answers the test chooses. */
class LoadGeneratorTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static final AtomicLong SERVED = new AtomicLong();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    // Every third request fails; "/slow" answers after 300 ms.
    server = vertx.createHttpServer().requestHandler(request -> {
      long n = SERVED.incrementAndGet();
      if (request.path().equals("/slow")) {
        vertx.setTimer(300, t -> request.response().end("late"));
      } else {
        if (n % 2 == 0) {
          request.response().putHeader("Retry-After", "1");
        }
        request.response().setStatusCode(n % 3 == 0 ? 503 : 200).end("{}");
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("closed load: every answer is counted, the failures by their status, a 503 without Retry-After apart")
  void closed() {
    try (LoadGenerator load = new LoadGenerator(vertx, 4)) {
      long before = SERVED.get();
      Measurement m = load.run("t", i -> Request.get(url("/"), null), new LoadModel(4, 0), Duration.ofMillis(200),
          Duration.ofSeconds(1));
      long served = SERVED.get() - before;
      assertTrue(m.requests() > 50 && m.requests() <= served, m.requests() + " of " + served);
      long told = m.errors().get("HTTP 503 (GET /)");
      long untold = m.errors().get("HTTP 503 without Retry-After (GET /)");
      long failed = told + untold;
      assertTrue(Math.abs(failed - m.requests() / 3.0) <= 3, failed + " failures in " + m.requests());
      assertTrue(Math.abs(told - untold) <= 2, "half of the 503s say when to retry: " + m.errors());
      assertEquals(failed, m.errorCount());
    }
  }

  @Test
  @DisplayName("open load keeps its rate when the server is slow, and the wait shows in the latency")
  void openLoadHasNoCoordinatedOmission() {
    try (LoadGenerator load = new LoadGenerator(vertx, 2)) {
      // 20 requests/s on 2 connections to a server taking 300 ms: at most ~6.7/s can be served, so requests queue
      // and their latency, counted from the intended send time, grows well past the 300 ms of one answer.
      Measurement m = load.run("t", i -> Request.get(url("/slow"), null), new LoadModel(2, 20), Duration.ofMillis(1),
          Duration.ofSeconds(2));
      assertTrue(m.ms(99) > 600, "p99 " + m.ms(99) + " ms");
      assertTrue(m.ms(50) >= 300, "p50 " + m.ms(50) + " ms");
    }
  }

  @Test
  @DisplayName("options: scenario and form are checked; purchase defaults to an open 100/s")
  void options() {
    BenchOptions purchase = BenchOptions.parse(new String[] {"--scenario", "purchase", "--duration", "1m"});
    assertEquals(100, purchase.rate());
    assertEquals(Duration.ofMinutes(1), purchase.duration());
    assertEquals("target", BenchOptions.parse(new String[] {"--scenario", "home", "--target",
        "http://127.0.0.1:9000"}).form());
    assertEquals("http://127.0.0.1:9001", BenchOptions.parse(new String[] {"--scenario", "feed", "--target",
        "http://127.0.0.1:9000"}).mobileTarget());
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--scenario", "nope"}));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--scenario", "home",
        "--conections", "3"}));
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }
}
