package io.campus.platform.events;

import io.campus.contracts.Json;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.events.ConsumerStatus;
import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.events.ReplayRequest;
import io.campus.platform.bus.BusClient;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.CampusNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A durable consumer of domain events. Per stream it keeps a checkpoint in its own database, moved in the same
 * transaction as each event's effect (applying an event twice changes nothing), applies events in position order,
 * and catches up by replay at start, after a gap, and every few seconds when idle. An event whose handler keeps
 * failing goes to the dead-letter table and the stream goes on. One instance per consumer name projects at a time
 * (a cluster-wide lock); the others stand by and take over when it dies.
 */
public final class EventConsumer {

  private static final Logger LOG = Logger.getLogger(EventConsumer.class.getName());
  private static final int REPLAY_BATCH = EventsApi.MAX_REPLAY;
  private static final long LOCK_WAIT_MS = 2_000;

  /**
   * @param attempts       tries of one event before it is dead-lettered
   * @param firstBackoffMs wait before the second try, doubled for each further try
   * @param catchUpMs      how often an idle consumer asks the producers for events it may have missed
   * @param maxLag         events behind a stream's head past which the consumer reports itself not ready
   */
  public record Options(int attempts, long firstBackoffMs, long catchUpMs, long maxLag) {

    public static Options defaults() {
      return new Options(3, 100, 2_000, 10_000);
    }

    /** The settings every service's consumers share: {@code consumer.attempts, .catch.up.ms, .max.lag}. */
    public static Options from(CampusConfig config) {
      Options defaults = defaults();
      return new Options(config.getInt("consumer.attempts", defaults.attempts(), 1), defaults.firstBackoffMs(),
          config.getInt("consumer.catch.up.ms", (int) defaults.catchUpMs(), 1),
          config.getInt("consumer.max.lag", (int) defaults.maxLag(), 1));
    }
  }

  private final Vertx vertx;
  private final CampusNode node;
  private final String name;
  private final Pool pool;
  private final Subscriptions subscriptions;
  private final Options options;
  private final BusClient bus;
  private final ConsumerStore store = new ConsumerStore();
  private final Map<String, StreamCursor> cursors = new LinkedHashMap<>();
  private final List<MessageConsumer<JsonObject>> live = new ArrayList<>();
  private final List<Runnable> onActive = new ArrayList<>();
  private final List<Runnable> onStandBy = new ArrayList<>();
  private final EventApplier applier;
  private final Fence fence;
  private EndpointRegistry endpoints;
  private volatile boolean active;
  private volatile boolean rebuilding;
  private boolean paused;
  private boolean stopped;
  private Lock lock;
  private long ticker = -1;

  public EventConsumer(CampusNode node, String name, Pool pool, Subscriptions subscriptions, Options options) {
    this.vertx = node.vertx();
    this.node = node;
    this.name = name;
    this.pool = pool;
    this.subscriptions = subscriptions;
    this.options = options;
    this.bus = new BusClient(vertx);
    this.fence = new Fence("consumer." + name);
    this.applier = new EventApplier(vertx, pool, name, subscriptions, options, store, fence);
  }

  /**
   * Loads the checkpoints and listens; projecting starts once this instance holds the consumer's lock. Every instance
   * answers {@link EventsApi#retryDeadLetters} for this consumer (admins only).
   */
  public Future<Void> start() {
    List<String> streams = List.copyOf(subscriptions.streams());
    endpoints = new EndpointRegistry(vertx).on(EventsApi.retryDeadLetters(name), retry -> retryDeadLetters());
    return store.positions(pool, name, streams)
        .compose(positions -> store.countDeadLetters(pool, name).map(count -> {
          applier.deadLetters().set(count);
          streams.forEach(s -> cursors.put(s, new StreamCursor(s, positions.getOrDefault(s, 0L))));
          return null;
        }))
        .compose(v -> {
          cursors.values().forEach(c -> live.add(vertx.eventBus().<JsonObject>consumer(EventsApi.live(c.stream),
              m -> onLive(c, m.body()))));
          return Future.all(live.stream().map(MessageConsumer::completion).toList());
        })
        .compose(v -> endpoints.ready())
        .onSuccess(v -> {
          applier.registerMetrics(node.meters(), cursors.values());
          node.management().addReadinessCheck("consumer." + name, this::readiness);
          compete();
        })
        .mapEmpty();
  }

  /** Runs {@code action} when this instance becomes the active projector (at once if it is). */
  public void whenActive(Runnable action) {
    onActive.add(action);
    if (active) {
      action.run();
    }
  }

  /** Runs {@code action} when this instance stops being the active projector (another one replaced it). */
  public void whenStandingBy(Runnable action) {
    onStandBy.add(action);
  }

  /** True while this instance is the active projector. */
  public boolean active() {
    return active;
  }

  public boolean rebuilding() {
    return rebuilding;
  }

  public ConsumerStatus status() {
    Map<String, Long> positions = new LinkedHashMap<>();
    Map<String, Long> heads = new LinkedHashMap<>();
    cursors.values().forEach(c -> {
      positions.put(c.stream, c.position);
      heads.put(c.stream, c.head);
    });
    return new ConsumerStatus(positions, heads, applier.deadLetters().get(), rebuilding);
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(ticker);
    node.management().removeReadinessCheck("consumer." + name);
    return Future.all(live.stream().map(MessageConsumer::unregister).toList())
        .eventually(() -> endpoints == null ? Future.succeededFuture() : endpoints.close())
        .eventually(this::idle)
        .onComplete(v -> {
          if (lock != null) {
            lock.release();
          }
        })
        .mapEmpty();
  }

  /**
   * Rebuilds the view from position 0 of every stream into a shadow of its tables, then swaps it in with the
   * checkpoints in one transaction (see {@link ShadowRebuild}): every instance answers from a whole view throughout.
   * Live events wait meanwhile and are applied after the swap.
   */
  public Future<ConsumerStatus> rebuild(ShadowView view) {
    if (!active) {
      return Future.failedFuture(CampusException.unavailable("This instance is not the active projector"));
    }
    if (rebuilding) {
      return Future.failedFuture(CampusException.conflict("A rebuild is already running"));
    }
    rebuilding = true;
    paused = true;
    long started = System.nanoTime();
    return producersAnswer()
        .compose(v -> idle())
        .compose(v -> new ShadowRebuild(vertx, pool, name, subscriptions, options, store, fence)
            .run(view, List.copyOf(cursors.keySet())))
        .onSuccess(rebuilt -> {
          applier.deadLetters().set(rebuilt.deadLetters());
          cursors.values().forEach(c -> {
            c.position = rebuilt.positions().getOrDefault(c.stream, 0L);
            c.head = Math.max(c.head, c.position);
            c.buffer.clear();
          });
          LOG.info(name + " rebuilt from position 0 in " + Duration.ofNanos(System.nanoTime() - started).toMillis()
              + " ms: " + status().positions());
        })
        .eventually(() -> {
          rebuilding = false;
          paused = false;
          cursors.values().forEach(c -> {
            c.catchUpWanted = true;
            pump(c);
          });
          return Future.succeededFuture();
        })
        .map(v -> status());
  }

  /** Before starting: every stream's producer must be there to replay it from the start. */
  private Future<Void> producersAnswer() {
    return Future.all(cursors.keySet().stream()
            .map(stream -> bus.request(EventsApi.replay(stream), new ReplayRequest(0, 1), 5_000))
            .toList())
        .<Void>mapEmpty()
        .recover(e -> {
          rebuilding = false;
          paused = false;
          return Future.failedFuture(CampusException.unavailable("Not rebuilt, a producer does not answer: "
              + (e instanceof CampusException c ? c.detail() : e.getMessage())));
        });
  }

  /** Applies every open dead letter again, oldest first; those that fail again stay, with the new error. */
  public Future<ConsumerStatus> retryDeadLetters() {
    return applier.retryDeadLetters().map(v -> status());
  }

  private void compete() {
    if (stopped) {
      return;
    }
    vertx.sharedData().getLockWithTimeout("campus.consumer." + name, LOCK_WAIT_MS)
        .onSuccess(acquired -> {
          if (stopped) {
            acquired.release();
            return;
          }
          fence.take(pool).onComplete(taken -> {
            if (taken.failed() || stopped) {
              acquired.release(); // held, and not used: let another instance, or this one later, try
              if (taken.failed()) {
                LOG.warning(name + " cannot become active (" + describe(taken.cause()) + "); trying again");
                vertx.setTimer(options.catchUpMs(), id -> compete());
              }
              return;
            }
            lock = acquired;
            // A standby's checkpoints are as old as its start: the instance it replaces has moved them since.
            reloadCheckpoints()
                .onFailure(e -> LOG.warning(name + " could not reload its checkpoints (" + describe(e)
                    + "); it goes on from the ones it has and catches up by compare-and-set"))
                .onComplete(ar -> lead());
          });
        })
        .onFailure(e -> vertx.setTimer(1, id -> compete()));
  }

  /**
   * Another instance is the active projector now (see {@link Fence}): stop before the next step and stand by. The
   * lock is dropped, not released: its release is a force-unlock, and the lock, if this node lost it, is the new
   * projector's.
   */
  private void standBy(Fence.Lost lost) {
    if (!active) {
      return;
    }
    active = false;
    lock = null;
    vertx.cancelTimer(ticker);
    LOG.warning(name + " is no longer the active projector: " + lost.getMessage());
    onStandBy.forEach(Runnable::run);
    compete();
  }

  private Future<Void> reloadCheckpoints() {
    return store.positions(pool, name, List.copyOf(cursors.keySet()))
        .compose(positions -> store.countDeadLetters(pool, name).map(count -> {
          applier.deadLetters().set(count);
          cursors.values().forEach(c -> {
            c.position = positions.getOrDefault(c.stream, c.position);
            c.head = Math.max(c.head, c.position);
            c.buffer.clear();
          });
          return null;
        }));
  }

  private void lead() {
    if (stopped) {
      return;
    }
    active = true;
    LOG.info(name + " is the active projector of " + cursors.keySet() + " from " + status().positions());
    onActive.forEach(Runnable::run);
    ticker = vertx.setPeriodic(1, options.catchUpMs(), id -> cursors.values().forEach(c -> {
      c.catchUpWanted = true;
      pump(c);
    }));
  }

  private void onLive(StreamCursor cursor, JsonObject body) {
    if (!active) {
      return; // the active projector handles it; this instance replays if it takes over
    }
    cursor.offer(Json.decode(body, EventEnvelope.class));
    pump(cursor);
  }

  /** Works on one stream until nothing is left, one step at a time, never two steps at once. */
  private void pump(StreamCursor c) {
    if (c.busy || paused || stopped || !active) {
      return;
    }
    c.busy = true;
    Future<Boolean> step;
    if (c.catchUpWanted) {
      c.catchUpWanted = false;
      c.buffer.clear();
      step = catchUp(c).map(true);
    } else {
      EventEnvelope next = c.buffer.poll();
      step = next == null ? Future.succeededFuture(false) : take(c, next);
    }
    step.onComplete(ar -> {
      c.busy = false;
      if (ar.failed() && ar.cause() instanceof Fence.Lost lost) {
        standBy(lost);
      } else if (ar.failed()) {
        if (!c.failing) { // once per outage, not once per tick
          LOG.warning(name + " stopped on " + c.stream + " at " + c.position + ", will catch up again: "
              + describe(ar.cause()));
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
  private Future<Void> catchUp(StreamCursor c) {
    return bus.request(EventsApi.replay(c.stream), new ReplayRequest(c.position, REPLAY_BATCH), 10_000)
        .compose(batch -> {
          c.head = Math.max(c.head, batch.head());
          List<EventEnvelope> fresh = batch.events().stream().filter(e -> e.position() > c.position).toList();
          if (fresh.isEmpty()) {
            return Future.succeededFuture();
          }
          return applier.applyBatch(c, fresh).compose(v -> c.position < batch.head() ? catchUp(c) : Future.succeededFuture());
        });
  }

  /** Completes once no stream is in the middle of a step. */
  private Future<Void> idle() {
    Promise<Void> idle = Promise.promise();
    whenIdle(idle);
    return idle.future();
  }

  private void whenIdle(Promise<Void> idle) {
    if (cursors.values().stream().noneMatch(c -> c.busy)) {
      idle.complete();
    } else {
      vertx.setTimer(10, id -> whenIdle(idle));
    }
  }

  private Future<Status> readiness() {
    JsonObject data = new JsonObject().put("active", active).put("rebuilding", rebuilding)
        .put("deadLetters", applier.deadLetters().get());
    boolean behind = false;
    for (StreamCursor c : cursors.values()) {
      data.put(c.stream, new JsonObject().put("position", c.position).put("head", c.head).put("lag", c.lag()));
      behind |= active && c.lag() > options.maxLag();
    }
    return Future.succeededFuture(behind ? Status.KO(data) : Status.OK(data));
  }

  private static String describe(Throwable e) {
    return EventApplier.describe(e);
  }
}
