package io.campus.platform.events;

import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.events.ReplayRequest;
import io.campus.platform.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * How the active projector moves along its streams: per stream one step at a time (a live event, or a replay from
 * the checkpoint after a gap, at start and on every tick), never two at once, until nothing is left. A stream whose
 * producer does not answer waits for the next tick; a step that finds its leadership lost hands that over.
 */
final class StreamPump {

  private static final Logger LOG = Logger.getLogger(StreamPump.class.getName());
  private static final int REPLAY_BATCH = EventsApi.MAX_REPLAY;

  private final Vertx vertx;
  private final String name;
  private final BusClient bus;
  private final EventApplier applier;
  private final BooleanSupplier running;
  private final Consumer<Fence.Lost> lost;

  /**
   * @param running whether steps may run now (active, not paused for a rebuild, not stopped)
   * @param lost    what to do when a step finds that a newer projector took over
   */
  StreamPump(Vertx vertx, String name, BusClient bus, EventApplier applier, BooleanSupplier running,
             Consumer<Fence.Lost> lost) {
    this.vertx = vertx;
    this.name = name;
    this.bus = bus;
    this.applier = applier;
    this.running = running;
    this.lost = lost;
  }

  /** A live event of the cursor's stream. */
  void offer(StreamCursor c, EventEnvelope event) {
    c.offer(event);
    pump(c);
  }

  /** Asks each stream for what it may have missed (a tick, or the end of a rebuild). */
  void catchUp(Collection<StreamCursor> cursors) {
    cursors.forEach(c -> {
      c.catchUpWanted = true;
      pump(c);
    });
  }

  /** Completes once no stream is in the middle of a step. */
  Future<Void> idle(Collection<StreamCursor> cursors) {
    Promise<Void> idle = Promise.promise();
    whenIdle(cursors, idle);
    return idle.future();
  }

  private void whenIdle(Collection<StreamCursor> cursors, Promise<Void> idle) {
    if (cursors.stream().noneMatch(c -> c.busy)) {
      idle.complete();
    } else {
      vertx.setTimer(10, id -> whenIdle(cursors, idle));
    }
  }

  /** Works on one stream until nothing is left, one step at a time, never two steps at once. */
  private void pump(StreamCursor c) {
    if (c.busy || !running.getAsBoolean()) {
      return;
    }
    c.busy = true;
    Future<Boolean> step;
    if (c.catchUpWanted) {
      c.catchUpWanted = false;
      c.buffer.clear();
      step = replay(c).map(true);
    } else {
      EventEnvelope next = c.buffer.poll();
      step = next == null ? Future.succeededFuture(false) : take(c, next);
    }
    step.onComplete(ar -> {
      c.busy = false;
      if (ar.failed() && ar.cause() instanceof Fence.Lost newer) {
        lost.accept(newer);
      } else if (ar.failed()) {
        if (!c.failing) { // once per outage, not once per tick
          LOG.warning(name + " stopped on " + c.stream + " at " + c.position + ", will catch up again: "
              + EventApplier.describe(ar.cause()));
        }
        c.failing = true;
        c.catchUpWanted = false; // the next tick asks again; no tight loop against a producer that is down
      } else {
        if (c.failing) {
          LOG.info(name + " follows " + c.stream + " again from " + c.position);
        }
        c.failing = false;
        if (ar.result()) {
          pump(c);
        }
      }
    });
  }

  private Future<Boolean> take(StreamCursor c, EventEnvelope event) {
    if (event.position() <= c.position) {
      return Future.succeededFuture(true); // a duplicate: already applied
    }
    if (event.position() > c.position + 1) {
      c.catchUpWanted = true; // a gap: what is missing comes by replay, in order
      return Future.succeededFuture(true);
    }
    return applier.applyOne(c, event, 1).map(true);
  }

  /** Replays from the checkpoint until the stream's head, a batch per transaction where it can. */
  private Future<Void> replay(StreamCursor c) {
    return bus.request(EventsApi.replay(c.stream), new ReplayRequest(c.position, REPLAY_BATCH), 10_000)
        .compose(batch -> {
          c.head = Math.max(c.head, batch.head());
          List<EventEnvelope> fresh = batch.events().stream().filter(e -> e.position() > c.position).toList();
          if (fresh.isEmpty()) {
            return Future.succeededFuture();
          }
          return applier.applyBatch(c, fresh)
              .compose(v -> c.position < batch.head() ? replay(c) : Future.succeededFuture());
        });
  }
}
