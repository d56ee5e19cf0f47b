package io.campus.bench.load;

import io.campus.bench.system.Campus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Purchases at a constant rate (open loop), each followed until COMPLETED. Reports the latency of the 202 (from
 * the intended send time), the time from created to COMPLETED by the purchase's own timestamps (the bench polls
 * slowly so that its polling is not the load), and the purchases per second completed. Each user buys each course
 * at most once, so the bench signs in enough users for the run.
 */
final class PurchaseRun {

  private static final long POLL_MS = 200;
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final LoadGenerator http;
  private final Campus campus;
  private final Histogram accepted = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
  private final Histogram completion = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
  private final Map<String, Long> errors = new HashMap<>();

  private PurchaseRun(Vertx vertx, LoadGenerator http, Campus campus) {
    this.vertx = vertx;
    this.http = http;
    this.campus = campus;
  }

  /** The users a run of {@code purchases} purchases of {@code courses} courses needs. */
  static int usersFor(long purchases, int courses) {
    return (int) Math.ceil((double) purchases / courses);
  }

  static Result run(Vertx vertx, LoadGenerator http, Campus campus, List<Workloads.User> users, List<String> courses,
                    int rate, Duration warmup, Duration duration) {
    return new PurchaseRun(vertx, http, campus).measure(users, courses, rate, warmup, duration);
  }

  /** The 202s as a measurement, the completion latencies, and the purchases per second completed. */
  record Result(Measurement accepted, Histogram completion, long completed, double purchasesPerSecond) {

    JsonObject toJson() {
      return new JsonObject().put("completed", completed).put("purchasesPerSecond", Measurement.round(purchasesPerSecond))
          .put("completionP50Ms", Measurement.round(completion.getValueAtPercentile(50) / 1000.0))
          .put("completionP99Ms", Measurement.round(completion.getValueAtPercentile(99) / 1000.0))
          .put("completionMaxMs", Measurement.round(completion.getMaxValue() / 1000.0));
    }
  }

  private Result measure(List<Workloads.User> users, List<String> courses, int rate, Duration warmup,
                         Duration duration) {
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long warmupCount = warmup.toSeconds() * rate;
    long total = warmupCount + duration.toSeconds() * rate;
    List<Future<Boolean>> measured = new ArrayList<>();
    Promise<Void> sent = Promise.promise();
    long[] window = new long[2];
    Instant[] wall = new Instant[2];
    vertx.runOnContext(v -> {
      long began = System.nanoTime();
      int[] next = {0};
      vertx.setPeriodic(1, 1, timer -> {
        long due = Math.min(total, (System.nanoTime() - began) / interval + 1);
        while (next[0] < due) {
          int n = next[0]++;
          boolean record = n >= warmupCount;
          if (n == warmupCount) {
            window[0] = System.nanoTime();
            wall[0] = Instant.now();
          }
          Workloads.User user = users.get(n % users.size());
          Future<Boolean> purchase = buy(user.token(), courses.get((n / users.size()) % courses.size()),
              began + n * interval, record);
          if (record) {
            measured.add(purchase);
          }
        }
        if (next[0] >= total) {
          vertx.cancelTimer(timer);
          window[1] = System.nanoTime();
          wall[1] = Instant.now();
          sent.complete();
        }
      });
    });
    sent.future().await();
    Future.join(new ArrayList<>(measured)).otherwiseEmpty().await();
    long completed = measured.stream().filter(f -> f.succeeded() && f.result()).count();
    double seconds = (window[1] - window[0]) / 1e9;
    Measurement acceptance = new Measurement("purchase", accepted.getTotalCount(), seconds, accepted, Map.copyOf(errors),
        wall[0], wall[1]);
    return new Result(acceptance, completion, completed, completed / seconds);
  }

  /** Answers whether the purchase completed. */
  private Future<Boolean> buy(String token, String course, long intended, boolean record) {
    return http.json(Request.post(campus.web() + "/api/purchases", token,
            Map.of("Idempotency-Key", UUID.randomUUID().toString()), new JsonObject().put("courseId", course).encode()))
        .compose(started -> {
          if (record) {
            accepted.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended));
          }
          return follow(token, started.getString("purchaseId"), System.nanoTime() + SETTLE.toNanos(), record);
        }, e -> error(record, e.getMessage().replaceAll(".*: (\\d{3}) .*", "HTTP $1")));
  }

  private Future<Boolean> follow(String token, String purchase, long deadline, boolean record) {
    return http.json(Request.get(campus.web() + "/api/purchases/" + purchase, token)).compose(state -> {
      String status = state.getString("status");
      if ("COMPLETED".equals(status)) {
        if (record) {
          completion.recordValue(Duration.between(Instant.parse(state.getString("createdAt")),
              Instant.parse(state.getString("updatedAt"))).toNanos() / 1000);
        }
        return Future.succeededFuture(true);
      }
      if ("FAILED".equals(status) || "REFUNDED".equals(status) || System.nanoTime() > deadline) {
        return error(record, "not completed: " + status);
      }
      return vertx.timer(POLL_MS).compose(t -> follow(token, purchase, deadline, record));
    }, e -> error(record, "poll failed"));
  }

  private Future<Boolean> error(boolean record, String kind) {
    if (record) {
      errors.merge(kind, 1L, Long::sum);
    }
    return Future.succeededFuture(false);
  }
}
