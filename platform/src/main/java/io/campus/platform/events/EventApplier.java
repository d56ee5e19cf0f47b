package io.campus.platform.events;

import io.campus.contracts.events.EventEnvelope;
import io.campus.platform.events.ConsumerStore.CheckpointMoved;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a consumer applies events: each in the transaction that moves its checkpoint (compare-and-set, so a second
 * instance can never apply it too) and checks the projector's {@link Fence}, batches during catch-up, retries with backoff, and the dead-letter table for an
 * event that keeps failing. It also measures what it does.
 */
final class EventApplier {

  private static final Logger LOG = Logger.getLogger(EventApplier.class.getName());

  private final Vertx vertx;
  private final Pool pool;
  private final String name;
  private final Subscriptions subscriptions;
  private final ConsumerOptions options;
  private final ConsumerStore store;
  private final Fence fence;
  private final AtomicLong deadLetters = new AtomicLong();
  private final Map<String, Timer> delays = new HashMap<>();

  EventApplier(Vertx vertx, Pool pool, String name, Subscriptions subscriptions, ConsumerOptions options,
               ConsumerStore store, Fence fence) {
    this.vertx = vertx;
    this.pool = pool;
    this.name = name;
    this.subscriptions = subscriptions;
    this.options = options;
    this.store = store;
    this.fence = fence;
  }

  /** Applies the open dead letters again, oldest first; those that fail again stay, with the new error. */
  Future<Void> retryDeadLetters() {
    return store.openDeadLetters(pool, name).compose(letters -> {
      Future<Void> chain = Future.succeededFuture();
      for (ConsumerStore.DeadLetter letter : letters) {
        chain = chain.compose(v -> pool.withTransaction(tx -> subscriptions.apply(tx, letter.event())
                .compose(x -> store.resolve(tx, letter.id())))
            .recover(e -> store.stillFailing(pool, letter.id(), describe(e))));
      }
      return chain;
    }).compose(v -> store.countDeadLetters(pool, name)).map(count -> {
      deadLetters.set(count);
      return null;
    });
  }

  /** Events set aside and not resolved yet. */
  AtomicLong deadLetters() {
    return deadLetters;
  }

  /** All of {@code events} in one transaction; if any fails, each on its own, so a poison event is isolated. */
  Future<Void> applyBatch(StreamCursor c, List<EventEnvelope> events) {
    long from = c.position;
    if (events.get(0).position() != from + 1) {
      return Future.failedFuture(new IllegalStateException("replay of " + c.stream + " skipped from " + from));
    }
    EventEnvelope last = events.get(events.size() - 1);
    return pool.withTransaction(tx -> {
          Future<Void> chain = fence.check(tx);
          for (EventEnvelope event : events) {
            chain = chain.compose(v -> subscriptions.apply(tx, event));
          }
          return chain.compose(v -> store.advance(tx, name, c.stream, from, last.position()));
        })
        .onSuccess(v -> events.forEach(e -> applied(c, e)))
        .recover(e -> {
          if (e instanceof CheckpointMoved) {
            return reload(c);
          }
          if (e instanceof Fence.Lost) {
            return Future.failedFuture(e);
          }
          Future<Void> oneByOne = Future.succeededFuture();
          for (EventEnvelope event : events) {
            oneByOne = oneByOne.compose(v -> event.position() > c.position ? applyOne(c, event, 1) : Future.succeededFuture());
          }
          return oneByOne;
        });
  }

  Future<Void> applyOne(StreamCursor c, EventEnvelope event, int attempt) {
    long from = c.position;
    return pool.withTransaction(tx -> fence.check(tx).compose(v -> subscriptions.apply(tx, event))
            .compose(v -> store.advance(tx, name, c.stream, from, event.position())))
        .onSuccess(v -> applied(c, event))
        .recover(e -> {
          if (e instanceof CheckpointMoved) {
            return reload(c);
          }
          if (e instanceof Fence.Lost) {
            return Future.failedFuture(e);
          }
          if (attempt < options.attempts()) {
            long backoff = options.firstBackoffMs() << (attempt - 1);
            return vertx.timer(backoff).compose(t -> applyOne(c, event, attempt + 1));
          }
          return deadLetter(c, event, e, attempt);
        });
  }

  private Future<Void> deadLetter(StreamCursor c, EventEnvelope event, Throwable error, int attempts) {
    long from = c.position;
    return pool.withTransaction(tx -> fence.check(tx)
            .compose(v -> store.deadLetter(tx, name, event, describe(error), attempts))
            .compose(v -> store.advance(tx, name, c.stream, from, event.position())))
        .onSuccess(v -> {
          c.position = event.position();
          deadLetters.incrementAndGet();
          LOG.log(Level.SEVERE, name + " dead-lettered " + event.type() + " at " + c.stream + "/" + event.position()
              + " after " + attempts + " attempts: " + describe(error));
        });
  }

  /** Another instance moved the checkpoint: continue from where the database says. */
  private Future<Void> reload(StreamCursor c) {
    return store.positions(pool, name, List.of(c.stream)).map(positions -> {
      c.position = positions.getOrDefault(c.stream, c.position);
      return null;
    });
  }

  private void applied(StreamCursor c, EventEnvelope event) {
    c.position = event.position();
    delays.get(c.stream).record(Duration.between(event.occurredAt(), Instant.now()));
  }

  /** Position and lag per stream, dead letters, and the commit-to-applied delay, on the node's metrics. */
  void registerMetrics(MeterRegistry meters, Collection<StreamCursor> cursors) {
    for (StreamCursor c : cursors) {
      Gauge.builder("campus.consumer.position", c, x -> x.position).tag("consumer", name).tag("stream", c.stream)
          .description("last position applied").register(meters);
      Gauge.builder("campus.consumer.lag", c, StreamCursor::lag).tag("consumer", name).tag("stream", c.stream)
          .description("events behind the stream's head").register(meters);
      delays.put(c.stream, Timer.builder("campus.consumer.delay").tag("consumer", name).tag("stream", c.stream)
          .description("from the producer's commit to applied here").publishPercentiles(0.5, 0.99)
          .register(meters));
    }
    Gauge.builder("campus.consumer.dead.letters", deadLetters, AtomicLong::get).tag("consumer", name)
        .description("events set aside after failing").register(meters);
  }


  static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
  }
}
