package io.campus.platform.events;

import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.events.ReplayRequest;
import io.campus.platform.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rebuild that never shows an empty or partial view. Every stream is applied again from position 0 into a shadow
 * copy of the view's tables (a schema of the consumer's own; the same projection, run under another
 * {@code search_path}), and then one transaction swaps the shadow's rows in, moves the checkpoints to where the shadow
 * got and records the dead letters the rebuild found. Until that commit every instance answers from the old view,
 * whole; a crash before it leaves the old view and its checkpoints as they were (the next rebuild drops the shadow).
 */
final class ShadowRebuild {

  /** Where the rebuilt view stands once swapped in. */
  record Result(Map<String, Long> positions, long deadLetters) {
  }

  private record Failed(EventEnvelope event, String error, int attempts) {
  }

  private static final int BATCH = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final String consumer;
  private final String schema;
  private final Subscriptions subscriptions;
  private final ConsumerOptions options;
  private final ConsumerStore store;
  private final Fence fence;
  private final BusClient bus;

  ShadowRebuild(Vertx vertx, Pool pool, String consumer, Subscriptions subscriptions, ConsumerOptions options,
                ConsumerStore store, Fence fence) {
    this.vertx = vertx;
    this.pool = pool;
    this.consumer = consumer;
    this.schema = "rebuild_" + consumer.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    this.subscriptions = subscriptions;
    this.options = options;
    this.store = store;
    this.fence = fence;
    this.bus = new BusClient(vertx);
  }

  Future<Result> run(ShadowView view, List<String> streams) {
    Map<String, Long> positions = new LinkedHashMap<>();
    List<Failed> failed = new ArrayList<>();
    Future<Void> filled = prepare(view);
    for (String stream : streams) {
      filled = filled.compose(v -> fill(stream, 0, failed)).map(position -> {
        positions.put(stream, position);
        return null;
      });
    }
    return filled.compose(v -> pool.withTransaction(tx -> swap(tx, view, positions, failed)))
        .map(v -> new Result(positions, failed.size()));
  }

  private Future<Void> prepare(ShadowView view) {
    return pool.withTransaction(tx -> {
      Future<Void> ready = sql(tx, "DROP SCHEMA IF EXISTS " + schema + " CASCADE")
          .compose(v -> sql(tx, "CREATE SCHEMA " + schema));
      for (String table : view.tables()) {
        ready = ready.compose(v -> sql(tx, "CREATE TABLE " + schema + "." + table + " (LIKE public." + table
            + " INCLUDING ALL)"));
      }
      return ready;
    });
  }

  /** Applies the stream from {@code after} to its head into the shadow; answers the position reached. */
  private Future<Long> fill(String stream, long after, List<Failed> failed) {
    return bus.request(EventsApi.replay(stream), new ReplayRequest(after, BATCH), 10_000).compose(batch -> {
      List<EventEnvelope> events = batch.events().stream().filter(e -> e.position() > after).toList();
      if (events.isEmpty()) {
        return Future.succeededFuture(after);
      }
      long last = events.get(events.size() - 1).position();
      return applyAll(events, failed).compose(v -> last < batch.head() ? fill(stream, last, failed)
          : Future.succeededFuture(last));
    });
  }

  /** A batch in one transaction; if it fails, each event on its own, so one that keeps failing is isolated. */
  private Future<Void> applyAll(List<EventEnvelope> events, List<Failed> failed) {
    return pool.withTransaction(tx -> {
      Future<Void> chain = inShadow(tx);
      for (EventEnvelope event : events) {
        chain = chain.compose(v -> subscriptions.apply(tx, event));
      }
      return chain;
    }).recover(e -> {
      if (e instanceof Fence.Lost) {
        return Future.failedFuture(e);
      }
      Future<Void> oneByOne = Future.succeededFuture();
      for (EventEnvelope event : events) {
        oneByOne = oneByOne.compose(v -> applyOne(event, 1, failed));
      }
      return oneByOne;
    });
  }

  private Future<Void> applyOne(EventEnvelope event, int attempt, List<Failed> failed) {
    return pool.withTransaction(tx -> inShadow(tx).compose(v -> subscriptions.apply(tx, event))).recover(e -> {
      if (e instanceof Fence.Lost) {
        return Future.failedFuture(e);
      }
      if (attempt < options.attempts()) {
        return vertx.timer(options.firstBackoffMs() << (attempt - 1)).compose(t -> applyOne(event, attempt + 1, failed));
      }
      failed.add(new Failed(event, EventApplier.describe(e), attempt));
      return Future.succeededFuture();
    });
  }

  /**
   * Every batch checks that this instance still projects (a replaced one stops), and writes only into the shadow:
   * without {@code public} on the path, a shadow table that is not there (dropped by another rebuild) is an error,
   * never a write into the live view.
   */
  private Future<Void> inShadow(SqlConnection tx) {
    return fence.check(tx).compose(v -> sql(tx, "SET LOCAL search_path TO " + schema + ", pg_catalog"));
  }

  private Future<Void> swap(SqlConnection tx, ShadowView view, Map<String, Long> positions, List<Failed> failed) {
    Future<Void> swapped = fence.check(tx)
        .compose(v -> view.swap().apply(tx, schema))
        .compose(v -> store.reset(tx, consumer));
    for (Map.Entry<String, Long> position : positions.entrySet()) {
      if (position.getValue() > 0) {
        swapped = swapped.compose(v -> store.advance(tx, consumer, position.getKey(), 0, position.getValue()));
      }
    }
    for (Failed f : failed) {
      swapped = swapped.compose(v -> store.deadLetter(tx, consumer, f.event(), f.error(), f.attempts()));
    }
    return swapped.compose(v -> sql(tx, "DROP SCHEMA " + schema + " CASCADE"));
  }

  private static Future<Void> sql(SqlConnection tx, String statement) {
    return tx.query(statement).execute().mapEmpty();
  }
}
