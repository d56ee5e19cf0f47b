package io.campus.bench.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Sends HTTP load with the Vert.x client from one event loop (so the histogram needs no locks): a warm-up that is
 * not recorded, then a measured period, with a progress line each second. A 2xx or 304 is a success; anything else
 * is counted by its status or by the exception's name.
 */
public final class LoadGenerator implements AutoCloseable {

  private static final long TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final Context context;

  public LoadGenerator(Vertx vertx, int connections) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections));
    this.context = vertx.getOrCreateContext();
  }

  /** Sends one request and answers its status code (the body is read and dropped). */
  public Future<Integer> send(Request request) {
    return exchange(request).compose(response -> response.body().map(body -> response.statusCode()));
  }

  /**
   * Sends one request of a run and answers what went wrong, null for a success: the status and the route, apart a
   * 429, 503 or 504 that came without {@code Retry-After} (the API promises one), or the exception's name.
   */
  private Future<String> attempt(Request request) {
    return exchange(request).compose(response -> response.body().map(body -> {
      int status = response.statusCode();
      if (status / 100 == 2 || status == 304) {
        return null;
      }
      boolean busy = status == 429 || status == 503 || status == 504;
      return "HTTP " + status + (busy && response.getHeader("Retry-After") == null ? " without Retry-After" : "")
          + " (" + request.route() + ")";
    }));
  }

  /** Sends one request and answers its JSON body; anything but a 2xx fails, naming the status. */
  public Future<JsonObject> json(Request request) {
    return exchange(request).compose(response -> response.body().compose(body -> response.statusCode() / 100 == 2
        ? Future.succeededFuture(body.toJsonObject())
        : Future.failedFuture(request.method() + " " + request.url() + ": " + response.statusCode() + " " + body)));
  }

  /** Completes after {@code millis}. */
  public Future<Void> pause(long millis) {
    return vertx.timer(millis).mapEmpty();
  }

  private Future<HttpClientResponse> exchange(Request request) {
    return client.request(new RequestOptions().setMethod(request.method()).setAbsoluteURI(request.url())
            .setTimeout(TIMEOUT_MS))
        .compose(http -> {
          request.headers().forEach(http::putHeader);
          return request.body() == null ? http.send() : http.send(request.body());
        });
  }

  /** Runs {@code source} (request number to request) under {@code model}; blocks until the measured period ends. */
  public Measurement run(String name, IntFunction<Request> source, LoadModel model, Duration warmup,
                         Duration duration) {
    Run run = new Run(name, source, model, warmup, duration);
    context.runOnContext(v -> run.start());
    Measurement measurement = run.done.future().await();
    // Let what is still in flight finish (bounded), so that the next run or the client's close does not cut it off.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (run.inFlight.get() > 0 && System.nanoTime() < deadline) {
      vertx.timer(10).await();
    }
    return measurement;
  }

  @Override
  public void close() {
    client.close().await();
  }

  private final class Run {

    private final String name;
    private final IntFunction<Request> source;
    private final LoadModel model;
    private final long warmupNanos;
    private final long durationNanos;
    private final Promise<Measurement> done = Promise.promise();
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
    private final Map<String, Long> errors = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private int next;
    private long began;
    private long measuring;
    private Instant measuringSince;
    private boolean recording;
    private int phase; // 0 warm-up, 1 measured, 2 finished
    private long completed;
    private long completedThisSecond;
    private long errorsThisSecond;

    Run(String name, IntFunction<Request> source, LoadModel model, Duration warmup, Duration duration) {
      this.name = name;
      this.source = source;
      this.model = model;
      this.warmupNanos = warmup.toNanos();
      this.durationNanos = duration.toNanos();
    }

    /**
     * The warm-up is always closed load, and it drains before the measured period starts: an open schedule must
     * not begin with a backlog the cold JIT left behind, which would be measured as the server's latency.
     */
    void start() {
      began = System.nanoTime();
      long progress = vertx.setPeriodic(1000, t -> progress());
      done.future().onComplete(m -> vertx.cancelTimer(progress));
      int warming = phase;
      for (int c = 0; c < model.connections(); c++) {
        loop(warming);
      }
      vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(warmupNanos)), t -> {
        phase++;
        drainThenMeasure(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
      });
    }

    private void drainThenMeasure(long deadline) {
      if (inFlight.get() > 0 && System.nanoTime() < deadline) {
        vertx.setTimer(5, t -> drainThenMeasure(deadline));
        return;
      }
      latency.reset();
      errors.clear();
      completed = 0;
      measuring = System.nanoTime();
      measuringSince = Instant.now();
      recording = true;
      vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(durationNanos), e -> finish());
      int measured = phase;
      if (model.open()) {
        long interval = TimeUnit.SECONDS.toNanos(1) / model.rate();
        long scheduleStart = measuring;
        long[] sent = {0};
        vertx.setPeriodic(1, 1, timer -> {
          if (phase != measured) {
            vertx.cancelTimer(timer);
            return;
          }
          // Catch up with the schedule: each request goes at its intended time, however the server answers.
          long due = (System.nanoTime() - scheduleStart) / interval + 1;
          while (sent[0] < due) {
            long intended = scheduleStart + sent[0]++ * interval;
            inFlight.incrementAndGet();
            attempt(source.apply(next++)).onComplete(ar -> record(intended, ar));
          }
        });
      } else {
        for (int c = 0; c < model.connections(); c++) {
          loop(measured);
        }
      }
    }

    /** One closed-load client: sends its next request when the last is answered, while its phase lasts. */
    private void loop(int ofPhase) {
      if (phase != ofPhase) {
        return;
      }
      long sent = System.nanoTime();
      inFlight.incrementAndGet();
      attempt(source.apply(next++)).onComplete(ar -> {
        record(sent, ar);
        loop(ofPhase);
      });
    }

    private void record(long since, AsyncResult<String> outcome) {
      inFlight.decrementAndGet();
      String error = outcome.failed() ? outcome.cause().getClass().getSimpleName() : outcome.result();
      completedThisSecond++;
      errorsThisSecond += error == null ? 0 : 1;
      if (!recording) {
        return;
      }
      long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - since);
      latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
      completed++;
      if (error != null) {
        errors.merge(error, 1L, Long::sum);
      }
    }

    private void progress() {
      long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
      System.out.printf("  %-8s %3d s %-9s %,9d req/s  errors %d%n", name, elapsed, recording ? "measuring" : "warm-up",
          completedThisSecond, errorsThisSecond);
      completedThisSecond = 0;
      errorsThisSecond = 0;
    }

    private void finish() {
      recording = false;
      phase++;
      double seconds = (System.nanoTime() - measuring) / 1e9;
      done.complete(new Measurement(name, completed, seconds, latency.copy(), Map.copyOf(errors), measuringSince,
          Instant.now()));
    }
  }
}
