package io.campus.bench;

import io.campus.contracts.Money;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.db.Outbox;
import io.campus.platform.events.ConsumerOptions;
import io.campus.platform.events.EventConsumer;
import io.campus.platform.events.EventStream;
import io.campus.platform.events.ShadowView;
import io.campus.platform.events.Subscriptions;
import io.campus.platform.node.CampusNode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The durable-event machinery under load, on an embedded PostgreSQL: this process is a producer (the payments
 * stream: outbox, relay, replay) and consumers with a projection as heavy as the purchase history's.
 *
 * <ol>
 *   <li>lag: events at a steady rate; the delay from the producer's commit to the consumer's commit, p50/p99;</li>
 *   <li>throughput: writers commit events as fast as they can; events/s committed, relayed and applied;</li>
 *   <li>rebuild: the stream grown to {@code --history} events (bulk insert), relayed, then the consumer rebuilt
 *       from position 0; events/s.</li>
 * </ol>
 */
final class EventsBenchmark {

  private static final String STREAM = PaymentsApi.SERVICE;
  private static final Outbox OUTBOX = new Outbox(STREAM);

  private final CampusNode node;
  private final Pool producer;
  private final Pool view;

  private EventsBenchmark(CampusNode node, Pool producer, Pool view) {
    this.node = node;
    this.producer = producer;
    this.view = view;
  }

  static void run(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path dir = Files.createTempDirectory("campus-bench-events");
    CampusNode node = CampusNode.start(CampusConfig.of(Map.of("node.name", "bench", "data.dir", dir.toString(),
        "management.host", "127.0.0.1", "management.port", "0", "db.pool.size", "16")), null).await();
    try {
      Pool producer = node.databases().open(STREAM).await();
      EventStream.start(node, STREAM, producer).await();
      EventsBenchmark bench = new EventsBenchmark(node, producer, node.databases().open("bench").await());
      System.out.printf("durable events on %d cores, PostgreSQL embedded (fsync on)%n",
          Runtime.getRuntime().availableProcessors());
      bench.lag(options.rate, options.seconds);
      bench.throughput(options.events, options.writers);
      bench.rebuild(options.history);
    } finally {
      node.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private void lag(int rate, int seconds) {
    // Warm-up: the same load for a while, so the figures are not those of a cold JIT and empty connection pools.
    EventConsumer warmup = consumer("warmup");
    warmup.start().await();
    steadyLoad(rate, Math.min(10, seconds));
    warmup.stop().await();
    // The measured consumer starts at the head: only events produced while it runs count.
    view.preparedQuery("INSERT INTO platform.checkpoint (consumer, stream, position) VALUES ('lag', $1, $2)")
        .execute(Tuple.of(STREAM, head())).await();
    EventConsumer consumer = consumer("lag");
    consumer.start().await();
    steadyLoad(rate, seconds);
    awaitPosition(consumer, head());
    Timer delay = node.meters().find("campus.consumer.delay").tag("consumer", "lag").timer();
    System.out.printf("lag      %5d events/s for %d s: commit to applied p50 %.1f ms, p99 %.1f ms (%d events)%n",
        rate, seconds, percentile(delay, 0.5), percentile(delay, 0.99), delay.count());
    consumer.stop().await();
  }

  /** {@code rate} events/s, each in its own transaction, for {@code seconds}. */
  private void steadyLoad(int rate, int seconds) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int perTick = Math.max(1, rate / 100);
    List<Future<Void>> sent = new ArrayList<>();
    Promise<Void> done = Promise.promise();
    node.vertx().setPeriodic(10, id -> {
      if (System.nanoTime() > until) {
        node.vertx().cancelTimer(id);
        Future.all(sent).onComplete(ar -> done.complete());
        return;
      }
      for (int i = 0; i < perTick; i++) {
        sent.add(emit());
      }
    });
    done.future().await();
  }

  private void throughput(int events, int writers) {
    EventConsumer consumer = consumer("throughput");
    consumer.start().await();
    long base = head();
    awaitPosition(consumer, base);
    long started = System.nanoTime();
    List<Future<Void>> loops = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      loops.add(writeSequentially(events / writers));
    }
    Future.all(loops).await();
    double committed = seconds(started);
    long target = base + (long) (events / writers) * writers;
    double relayed = awaitUntil(() -> head() >= target, started);
    double applied = awaitPosition(consumer, target, started);
    long count = target - base;
    System.out.printf("relay    %d events by %d writers: committed %.0f/s, relayed %.0f/s%n",
        count, writers, count / committed, count / relayed);
    System.out.printf("consumer %d events applied live: %.0f/s%n", count, count / applied);
    consumer.stop().await();
  }

  private void rebuild(int history) {
    long missing = history - committedCount();
    if (missing > 0) {
      long started = System.nanoTime();
      producer.preparedQuery(BULK).execute(Tuple.of(missing)).await();
      double relayed = awaitUntil(() -> head() >= history, started);
      System.out.printf("relay    %d bulk-inserted events relayed: %.0f/s%n", missing, missing / relayed);
    }
    EventConsumer consumer = consumer("rebuilt");
    consumer.start().await();
    awaitPosition(consumer, head());
    long started = System.nanoTime();
    consumer.rebuild(new ShadowView(List.of("bench_purchase"), (tx, shadow) -> tx.preparedQuery(
            "DELETE FROM public.bench_purchase WHERE consumer = $1").execute(Tuple.of("rebuilt"))
        .compose(v -> tx.query("INSERT INTO public.bench_purchase SELECT * FROM " + shadow + ".bench_purchase")
            .execute())
        .mapEmpty())).await();
    double took = seconds(started);
    System.out.printf("rebuild  %d events from position 0 in %.1f s: %.0f/s%n", head(), took, head() / took);
    consumer.stop().await();
  }

  private EventConsumer consumer(String name) {
    Subscriptions projection = new Subscriptions().on(STREAM, PaymentsApi.PURCHASE_STARTED, (tx, started, e) ->
        tx.preparedQuery("INSERT INTO bench_purchase (consumer, purchase_id, user_id, status, updated_at) "
                + "VALUES ($1, $2, $3, 'PENDING', now())")
            .execute(Tuple.of(name, started.purchaseId(), started.userId())).mapEmpty());
    return new EventConsumer(node, name, view, projection, ConsumerOptions.defaults());
  }

  private Future<Void> writeSequentially(int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> emit());
    }
    return chain;
  }

  private Future<Void> emit() {
    PurchaseStarted started = new PurchaseStarted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "bench",
        "Benchmark course", new Money(1000, "EUR"), Instant.now());
    return producer.withTransaction(tx -> OUTBOX.append(tx, PaymentsApi.PURCHASE_STARTED, started));
  }

  private static final String BULK = """
      INSERT INTO platform.outbox (event_id, stream, type, payload)
      SELECT gen_random_uuid(), 'payments', 'purchase.started', jsonb_build_object(
        'purchaseId', gen_random_uuid(), 'userId', gen_random_uuid(), 'courseId', gen_random_uuid(),
        'courseSlug', 'bench', 'courseTitle', 'Benchmark course',
        'price', jsonb_build_object('amount', 1000, 'currency', 'EUR'), 'startedAt', now())
      FROM generate_series(1, $1)""";

  private long head() {
    return producer.query("SELECT coalesce(max(position), 0) FROM platform.outbox").execute().await()
        .iterator().next().getLong(0);
  }

  private long committedCount() {
    return producer.query("SELECT count(*) FROM platform.outbox").execute().await().iterator().next().getLong(0);
  }

  private static double awaitPosition(EventConsumer consumer, long target, long since) {
    return awaitUntil(() -> consumer.status().positions().get(STREAM) >= target, since);
  }

  private static void awaitPosition(EventConsumer consumer, long target) {
    awaitPosition(consumer, target, System.nanoTime());
  }

  /** Polls every 5 ms (this is a measuring tool, not a test) for at most 10 minutes. */
  private static double awaitUntil(java.util.function.BooleanSupplier condition, long since) {
    long limit = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > limit) {
        throw new IllegalStateException("gave up waiting after 10 minutes");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return seconds(since);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double percentile(Timer timer, double p) {
    for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
      if (v.percentile() == p) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }

  /** Command-line options with defaults. */
  private record Options(int events, int writers, int rate, int seconds, int history) {

    static Options parse(String[] args) {
      Map<String, Integer> values = new java.util.HashMap<>(Map.of(
          "--events", 20_000, "--writers", 8, "--rate", 500, "--seconds", 20, "--history", 100_000));
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!values.containsKey(args[i])) {
          throw new IllegalArgumentException("unknown option " + args[i]);
        }
        values.put(args[i], Integer.parseInt(args[i + 1]));
      }
      return new Options(values.get("--events"), values.get("--writers"), values.get("--rate"),
          values.get("--seconds"), values.get("--history"));
    }
  }
}
