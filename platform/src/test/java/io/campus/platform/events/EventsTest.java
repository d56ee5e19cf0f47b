package io.campus.platform.events;

import io.campus.contracts.Json;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.events.EventBatch;
import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventType;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.events.ReplayRequest;
import io.campus.contracts.events.RetryDeadLetters;
import io.campus.platform.bus.BusClient;
import io.campus.platform.db.Outbox;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox relay, replay and durable consumers, against a real PostgreSQL and the event bus. */
class EventsTest {

  /** The test stream's one event type. */
  record Entry(String key, long amount) {
  }

  private static final String STREAM = "ledger";
  private static final EventType<Entry> ADDED = EventType.of("entry.added", Entry.class);

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static Pool ledger;
  private static Pool tally;
  private static EventStream stream;
  private static final AtomicBoolean POISON_FIXED = new AtomicBoolean();

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of()));
    ledger = join(node.databases().open(STREAM));
    tally = join(node.databases().open("tally"));
    stream = join(EventStream.start(node, STREAM, ledger));
    await().atMost(Duration.ofSeconds(10)).until(stream::relaying);
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("many transactions committing in parallel get gap-free positions, each event exactly once")
  void relayOrdering() {
    ConcurrentLinkedQueue<Long> live = new ConcurrentLinkedQueue<>();
    join(node.vertx().eventBus().<JsonObject>consumer(EventsApi.live(STREAM),
        m -> live.add(Json.decode(m.body(), EventEnvelope.class).position())).completion());
    long before = head();
    List<Future<Void>> writers = new ArrayList<>();
    for (int t = 0; t < 40; t++) {
      // Each writer holds its transaction open a different time, so commits interleave out of id order.
      int sleepMs = (t * 7) % 30;
      writers.add(ledger.withTransaction(tx -> {
        Future<Void> chain = tx.query("SELECT pg_sleep(" + sleepMs / 1000.0 + ")").execute().mapEmpty();
        for (int e = 0; e < 5; e++) {
          chain = chain.compose(v -> append(tx, new Entry("ordering", 1)));
        }
        return chain;
      }));
    }
    join(Future.all(writers));
    long expected = before + 200;
    await().atMost(Duration.ofSeconds(10)).until(() -> head() == expected);

    List<EventEnvelope> replayed = replayAll(before);
    assertEquals(LongStream.rangeClosed(before + 1, expected).boxed().toList(),
        replayed.stream().map(EventEnvelope::position).toList(), "gap-free and in order");
    assertEquals(200, replayed.stream().map(EventEnvelope::eventId).distinct().count(), "each event once");
    Set<UUID> committed = join(ledger.query("SELECT event_id FROM platform.outbox WHERE position > " + before)
        .execute()).stream().map(r -> r.getUUID(0)).collect(Collectors.toSet());
    assertEquals(committed, replayed.stream().map(EventEnvelope::eventId).collect(Collectors.toSet()));
    await().atMost(Duration.ofSeconds(5)).until(() -> live.size() >= 200);
    assertEquals(200, new HashSet<>(live).size(), "published live once each");
  }

  @Test
  @DisplayName("a consumer stopped while events were produced catches up to the same state as one that ran throughout")
  void catchUp() {
    EventConsumer steady = consumer("steady");
    join(steady.start());
    EventConsumer late = consumer("late");
    produce("catch-up", 30);
    join(late.start());
    produce("catch-up", 20);
    awaitCaughtUp(steady, late);
    assertEquals(totals("steady"), totals("late"));
    assertEquals(50L, totals("late").get("catch-up"));
    join(steady.stop());
    join(late.stop());
  }

  @Test
  @DisplayName("a projector replaced without noticing (a newer epoch in the database) stops before its next event")
  void replacedProjectorStops() {
    EventConsumer consumer = consumer("fenced");
    join(consumer.start());
    await().atMost(Duration.ofSeconds(10)).until(consumer::active);
    produce("fenced", 3);
    awaitCaughtUp(consumer);
    // Its successor took the lock and the next epoch: this node paused past the heartbeat, say, and still believes.
    join(tally.query("UPDATE platform.leader SET epoch = epoch + 1 WHERE name = 'consumer.fenced'").execute());
    produce("fenced", 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.active());
    assertEquals(3L, totals("fenced").get("fenced"), "nothing applied once replaced");
    join(consumer.stop());
  }

  @Test
  @DisplayName("duplicate and out-of-order deliveries leave the state unchanged")
  void duplicatesAndDisorder() {
    EventConsumer consumer = consumer("dupes");
    join(consumer.start());
    long from = head();
    produce("dupes", 10);
    awaitCaughtUp(consumer);
    Map<String, Long> settled = totals("dupes");

    List<EventEnvelope> sent = replayAll(from);
    List<EventEnvelope> shuffled = new ArrayList<>(sent);
    java.util.Collections.reverse(shuffled);
    shuffled.addAll(sent);
    shuffled.forEach(e -> node.vertx().eventBus().publish(EventsApi.live(STREAM), Json.encode(e)));
    produce("dupes-after", 1); // a fresh event behind the noise, so we know the noise was processed
    await().atMost(Duration.ofSeconds(10)).until(() -> totals("dupes").containsKey("dupes-after"));

    Map<String, Long> after = totals("dupes");
    assertEquals(settled.get("dupes"), after.get("dupes"));
    assertEquals(10L, after.get("dupes"));
    join(consumer.stop());
  }

  @Test
  @DisplayName("a poison event is dead-lettered and later events are still applied; a retry resolves it once fixed")
  void poison() {
    EventConsumer consumer = consumer("poisoned");
    join(consumer.start());
    produce("before", 1);
    produce("poison", 1);
    produce("after", 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> totals("poisoned").getOrDefault("after", 0L) == 2L);
    assertTrue(!totals("poisoned").containsKey("poison"));
    assertEquals(1, consumer.status().deadLetters());
    String error = join(tally.query("SELECT error FROM platform.dead_letter WHERE consumer = 'poisoned'").execute())
        .iterator().next().getString(0);
    assertTrue(error.contains("poison refused"), error);

    POISON_FIXED.set(true);
    // The consumer's own admin endpoint on the bus: refused without the admin role, applied with it.
    BusClient bus = new BusClient(node.vertx());
    assertEquals(ErrorCode.FORBIDDEN, assertInstanceOf(CampusException.class, failure(bus.request(
        EventsApi.retryDeadLetters("poisoned"), new RetryDeadLetters(), 5_000, TestCallers.STUDENT))).code());
    assertEquals(1, consumer.status().deadLetters(), "nothing retried by a student");
    assertEquals(0, join(bus.request(EventsApi.retryDeadLetters("poisoned"), new RetryDeadLetters(), 10_000,
        TestCallers.ADMIN)).deadLetters());
    assertEquals(1L, totals("poisoned").get("poison"));
    join(consumer.stop());
  }

  @Test
  @DisplayName("a rebuild from position 0 ends in the same state")
  void rebuild() {
    EventConsumer consumer = consumer("rebuilt");
    join(consumer.start());
    produce("rebuild", 25);
    awaitCaughtUp(consumer);
    Map<String, Long> before = totals("rebuilt");
    join(consumer.rebuild(ownTotals("rebuilt")));
    assertEquals(before, totals("rebuilt"));
    join(consumer.stop());
  }

  @Test
  @DisplayName("a consumer that falls far behind its stream reports itself not ready, and ready again once caught up")
  void fallsBehind() throws Exception {
    Subscriptions slow = new Subscriptions().on(STREAM, ADDED, (tx, entry, event) ->
        node.vertx().timer(100).mapEmpty()); // 100 ms an event
    // Starts at the head: only the burst below counts.
    join(tally.preparedQuery("INSERT INTO platform.checkpoint (consumer, stream, position) VALUES ('slow', $1, $2)")
        .execute(Tuple.of(STREAM, head())));
    EventConsumer consumer = new EventConsumer(node, "slow", tally, slow, new ConsumerOptions(3, 10, 60_000, 5));
    join(consumer.start());
    await().atMost(Duration.ofSeconds(10)).until(() -> ready().contains("\"id\":\"consumer.slow\",\"status\":\"UP\""));
    long target = head() + 20;
    List<Future<Void>> burst = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      burst.add(ledger.withTransaction(tx -> append(tx, new Entry("burst", 1))));
    }
    join(Future.all(burst));
    await().atMost(Duration.ofSeconds(10)).until(() -> ready().contains("\"id\":\"consumer.slow\",\"status\":\"DOWN\""));
    await().atMost(Duration.ofSeconds(20)).until(() -> consumer.status().positions().get(STREAM) >= target);
    await().atMost(Duration.ofSeconds(5)).until(() -> ready().contains("\"id\":\"consumer.slow\",\"status\":\"UP\""));
    join(consumer.stop());
  }

  private static String ready() throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            "http://127.0.0.1:" + node.config().getInt("management.port", 0) + "/health/ready")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  private static EventConsumer consumer(String name) {
    Subscriptions subscriptions = new Subscriptions().on(STREAM, ADDED, (tx, entry, event) -> {
      if (entry.key().equals("poison") && !POISON_FIXED.get()) {
        return Future.failedFuture(new IllegalStateException("poison refused"));
      }
      return tx.preparedQuery("INSERT INTO total (consumer, key, amount) VALUES ($1, $2, $3) "
              + "ON CONFLICT (consumer, key) DO UPDATE SET amount = total.amount + EXCLUDED.amount")
          .execute(Tuple.of(name, entry.key(), entry.amount())).mapEmpty();
    });
    return new EventConsumer(node, name, tally, subscriptions, new ConsumerOptions(3, 10, 500, 10_000));
  }

  /** The consumer's rows of the shared table {@code total}. */
  static ShadowView ownTotals(String consumer) {
    return new ShadowView(List.of("total"), (tx, shadow) -> tx.preparedQuery("DELETE FROM public.total WHERE consumer = $1")
        .execute(Tuple.of(consumer))
        .compose(v -> tx.query("INSERT INTO public.total SELECT * FROM " + shadow + ".total").execute())
        .mapEmpty());
  }

  private static void produce(String key, int count) {
    for (int i = 0; i < count; i++) {
      join(ledger.withTransaction(tx -> append(tx, new Entry(key, 1))));
    }
  }

  private static Future<Void> append(io.vertx.sqlclient.SqlConnection tx, Entry entry) {
    return tx.preparedQuery("INSERT INTO entry (key, amount) VALUES ($1, $2)")
        .execute(Tuple.of(entry.key(), entry.amount()))
        .compose(v -> new Outbox(STREAM).append(tx, ADDED, entry));
  }

  private static long head() {
    return join(new BusClient(node.vertx()).request(EventsApi.replay(STREAM), new ReplayRequest(0, 1), 5_000)).head();
  }

  private static List<EventEnvelope> replayAll(long after) {
    List<EventEnvelope> all = new ArrayList<>();
    long from = after;
    while (true) {
      EventBatch batch = join(new BusClient(node.vertx())
          .request(EventsApi.replay(STREAM), new ReplayRequest(from, EventsApi.MAX_REPLAY), 5_000));
      if (batch.events().isEmpty()) {
        return all;
      }
      all.addAll(batch.events());
      from = batch.events().get(batch.events().size() - 1).position();
    }
  }

  private static void awaitCaughtUp(EventConsumer... consumers) {
    long target = join(ledger.query("SELECT count(*) FROM platform.outbox").execute()).iterator().next().getLong(0);
    await().atMost(Duration.ofSeconds(15)).until(() -> head() == target);
    for (EventConsumer c : consumers) {
      await().atMost(Duration.ofSeconds(15)).until(() -> c.status().positions().get(STREAM) == target);
    }
  }

  private static Map<String, Long> totals(String consumer) {
    Map<String, Long> totals = new HashMap<>();
    join(tally.preparedQuery("SELECT key, amount FROM total WHERE consumer = $1").execute(Tuple.of(consumer)))
        .forEach(r -> totals.put(r.getString(0), r.getLong(1)));
    return totals;
  }
}
