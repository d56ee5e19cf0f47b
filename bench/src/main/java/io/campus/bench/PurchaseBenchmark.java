package io.campus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Purchases against a running Campus (all-in-one or cluster), over its web API: users registered and signed in
 * first, then purchases started at a constant rate (open loop: a slow system does not slow the arrivals), each
 * followed until COMPLETED. Prints the 202 latency, the 202-to-COMPLETED latency and the purchases/s completed.
 * The sandbox processor is set to answer in {@code --latency} ms first.
 */
final class PurchaseBenchmark {

  // Slow polling, so the bench's own requests are not the load: the completion time comes from the purchase's
  // own timestamps (created, last updated), not from when the bench happened to look.
  private static final long POLL_MS = 200;

  private final Vertx vertx;
  private final WebClient http;
  private final String target;
  private final Histogram accepted = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
  private final Histogram completed = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
  private final Map<String, AtomicInteger> errors = new HashMap<>();

  private PurchaseBenchmark(Vertx vertx, String target) {
    this.vertx = vertx;
    this.target = target;
    this.http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
  }

  static void run(String[] args) {
    Map<String, String> o = new HashMap<>(Map.of("--target", "http://127.0.0.1:8080", "--sandbox",
        "http://127.0.0.1:8090", "--rate", "100", "--seconds", "20", "--users", "100", "--latency", "20"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!o.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      o.put(args[i], args[i + 1]);
    }
    Vertx vertx = Vertx.vertx();
    try {
      new PurchaseBenchmark(vertx, o.get("--target")).measure(o.get("--sandbox"), Integer.parseInt(o.get("--latency")),
          Integer.parseInt(o.get("--users")), Integer.parseInt(o.get("--rate")), Integer.parseInt(o.get("--seconds")));
    } finally {
      vertx.close().await();
    }
  }

  private void measure(String sandbox, int latencyMs, int users, int rate, int seconds) {
    http.putAbs(sandbox + "/admin/settings").sendJsonObject(new JsonObject().put("latencyMs", latencyMs)).await();
    JsonArray courses = http.getAbs(target + "/api/courses?size=100").send().await().bodyAsJsonObject()
        .getJsonArray("items");
    List<String> tokens = signIn(users);
    int total = Math.min(rate * seconds, users * courses.size());
    System.out.printf("purchase: %d purchases at %d/s by %d users, processor latency %d ms, against %s%n",
        total, rate, users, latencyMs, target);
    long started = System.nanoTime();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    List<Future<Void>> all = new ArrayList<>();
    Promise<Void> sent = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    vertx.setPeriodic(1, 1, timer -> {
      // Catch up with the schedule: every purchase goes out at its intended time, however the system answers.
      long due = Math.min(total, (System.nanoTime() - started) / intervalNanos + 1);
      while (next.get() < due) {
        int n = next.getAndIncrement();
        String course = courses.getJsonObject((n / users) % courses.size()).getString("id");
        all.add(buy(tokens.get(n % users), course, started + n * intervalNanos));
      }
      if (next.get() >= total) {
        vertx.cancelTimer(timer);
        sent.complete();
      }
    });
    sent.future().compose(v -> Future.join(all)).otherwiseEmpty().await();
    double took = (System.nanoTime() - started) / 1e9;
    System.out.printf("  202 accepted   p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", ms(accepted, 50), ms(accepted, 99),
        accepted.getMaxValue() / 1000.0);
    System.out.printf("  created to COMPLETED (server clock) p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
        ms(completed, 50),
        ms(completed, 99), completed.getMaxValue() / 1000.0);
    System.out.printf("  completed %d of %d in %.1f s: %.1f purchases/s; errors %s%n", completed.getTotalCount(), total,
        took, completed.getTotalCount() / took, errors);
  }

  private Future<Void> buy(String token, String course, long intendedNanos) {
    return http.postAbs(target + "/api/purchases").bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("courseId", course))
        .compose(response -> {
          long acceptedAt = System.nanoTime();
          accepted.recordValue(TimeUnit.NANOSECONDS.toMicros(acceptedAt - intendedNanos));
          if (response.statusCode() != 202) {
            return error("POST " + response.statusCode());
          }
          return follow(token, response.bodyAsJsonObject().getString("purchaseId"), acceptedAt);
        }, e -> error(e.getClass().getSimpleName()));
  }

  private Future<Void> follow(String token, String purchase, long acceptedAt) {
    return http.getAbs(target + "/api/purchases/" + purchase).bearerTokenAuthentication(token).send()
        .compose(response -> {
          String status = response.statusCode() == 200 ? response.bodyAsJsonObject().getString("status") : "?";
          if ("COMPLETED".equals(status)) {
            JsonObject state = response.bodyAsJsonObject();
            completed.recordValue(java.time.Duration.between(java.time.Instant.parse(state.getString("createdAt")),
                java.time.Instant.parse(state.getString("updatedAt"))).toNanos() / 1000);
            return Future.succeededFuture();
          }
          if ("FAILED".equals(status) || "REFUNDED".equals(status)) {
            return error(status);
          }
          return vertx.timer(POLL_MS).compose(t -> follow(token, purchase, acceptedAt));
        });
  }

  /** A few at a time: password hashing is deliberately slow and bounded, and is not what is measured here. */
  private List<String> signIn(int users) {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < users; i += 2) {
      List<Future<String>> pair = new ArrayList<>();
      for (int j = i; j < Math.min(users, i + 2); j++) {
        JsonObject account = new JsonObject().put("email", "bench-" + UUID.randomUUID() + "@example.org")
            .put("password", "correct horse battery");
        pair.add(http.postAbs(target + "/api/auth/register").sendJsonObject(account.copy().put("name", "Bench"))
            .compose(r -> http.postAbs(target + "/api/auth/login").sendJsonObject(account))
            .map(r -> r.bodyAsJsonObject().getString("accessToken")));
      }
      Future.all(pair).await();
      pair.forEach(f -> tokens.add(f.result()));
    }
    return tokens;
  }

  private synchronized Future<Void> error(String kind) {
    errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    return Future.succeededFuture();
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }
}
