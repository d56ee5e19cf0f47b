package io.campus.bench.load;

import io.campus.bench.system.Campus;
import io.campus.contracts.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The restart scenario on the cluster form: under the mixed load, each deployable in turn is killed with kill -9 and
 * started again once the others noticed (as a supervisor would). For each it measures launch to readiness, then
 * readiness to healed: a signed-in home and feed with nothing degraded, a catalog query no cache has seen, and a
 * purchase read and started again (same key) at payments, all through the BFFs. For a BFF it also takes the
 * slowest home answer of its first 10 s (a cold start that users pay).
 */
final class RestartRun {

  static final List<String> ORDER = Stream.concat(Services.ALL.stream(), Stream.of("bff-web", "bff-mobile")).toList();
  private static final Duration HEAL_LIMIT = Duration.ofMinutes(2);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private RestartRun() {
  }

  /** One restart's figures (ms). */
  record Restart(String name, long readyLogMs, long readyMs, long healedMs, long coldMaxMs, String phases) {

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("launchToReadyLogMs", readyLogMs).put("launchToReadyMs", readyMs)
          .put("readyToHealedMs", healedMs).put("coldHomeMaxMs", coldMaxMs).put("phases", phases);
    }
  }

  static Measurement run(LoadGenerator http, Campus campus, List<Workloads.User> users, List<String> courses,
                         BenchOptions options, JsonObject extra) {
    Workloads.User prober = Workloads.users(http, campus, 1).get(0);
    String purchase = http.json(Request.post(campus.web() + "/api/purchases", prober.token(),
        Map.of("Idempotency-Key", "restart-probe"), new JsonObject().put("courseId", courses.get(0)).encode()))
        .await().getString("purchaseId");
    Probe probe = new Probe(campus, prober.token(), purchase, courses.get(0));
    CompletableFuture<Measurement> load = CompletableFuture.supplyAsync(() -> http.run("restart",
        Workloads.mixed(campus, users, courses), options.model(), Duration.ZERO, options.duration()));
    pause(options.warmup()); // the load's warm-up (JIT, pools): the schedule, not a wait for a condition
    List<Restart> restarts = new ArrayList<>();
    for (String name : ORDER) {
      if (load.isDone()) {
        System.out.println("the load ended before " + name + " was restarted: give a longer --duration");
        break;
      }
      if (!until(probe::healed, HEAL_LIMIT)) {
        System.out.println("not healed before " + name + " was killed; stopping here");
        break;
      }
      campus.kill(name);
      until(() -> !probe.healed(), Duration.ofSeconds(15)); // the others noticed: a supervisor restarts it about now
      Campus.Started started = campus.startAgain(name);
      long ready = System.nanoTime();
      boolean healed = until(probe::healed, HEAL_LIMIT);
      long healedMs = healed ? (System.nanoTime() - ready) / 1_000_000 : -1;
      long coldMax = name.startsWith("bff-") ? probe.slowestHome(ready + Duration.ofSeconds(10).toNanos()) : -1;
      Restart restart = new Restart(name, started.readyLogMs(), started.readyMs(), healedMs, coldMax, started.phases());
      restarts.add(restart);
      System.out.printf("%-17s ready %5.1f s after launch (its log: %5.1f s), healed %5.1f s after ready%s%n  %s%n",
          name, restart.readyMs() / 1e3, restart.readyLogMs() / 1e3, healedMs / 1e3,
          coldMax < 0 ? "" : String.format(", slowest home in its first 10 s %d ms", coldMax), restart.phases());
    }
    Measurement measured = load.join();
    extra.put("restarts", new JsonArray(restarts.stream().map(Restart::toJson).toList()));
    return measured;
  }

  /** True once {@code condition} holds, polled every 50 ms; false if it did not within {@code limit}. */
  private static boolean until(BooleanSupplier condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      pause(Duration.ofMillis(50));
    }
    return false;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * What a user checks: everything answers through both BFFs, nothing degraded, and a purchase both reads and
   * starts (the same idempotency key again: payments' start path, answered with the same purchase).
   */
  private record Probe(Campus campus, String token, String purchase, String course) {

    boolean healed() {
      try {
        return whole(get(campus.web() + "/api/home", token)) && whole(get(campus.mobile() + "/api/feed", token))
            && get(campus.web() + "/api/courses?q=" + UUID.randomUUID(), null).statusCode() == 200
            && get(campus.web() + "/api/purchases/" + purchase, token).statusCode() == 200
            && buyAgain().statusCode() / 100 == 2;
      } catch (Exception notYet) {
        return false;
      }
    }

    private HttpResponse<String> buyAgain() throws Exception {
      return HTTP.send(HttpRequest.newBuilder(URI.create(campus.web() + "/api/purchases"))
          .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").header("Idempotency-Key", "restart-probe")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("courseId", course).encode())).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** The slowest signed-in home answer (ms) of sequential requests until {@code untilNanos}. */
    long slowestHome(long untilNanos) {
      long slowest = 0;
      while (System.nanoTime() < untilNanos) {
        long sent = System.nanoTime();
        try {
          get(campus.web() + "/api/home", token);
        } catch (Exception e) {
          // counted by its time, like an answer
        }
        slowest = Math.max(slowest, (System.nanoTime() - sent) / 1_000_000);
        pause(Duration.ofMillis(50));
      }
      return slowest;
    }

    private static boolean whole(HttpResponse<String> answer) {
      return answer.statusCode() == 200 && new JsonObject(answer.body()).getJsonArray("degraded").isEmpty();
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
