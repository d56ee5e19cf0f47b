package io.campus.platform.events;

import io.campus.contracts.Json;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.events.ConsumerStatus;
import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.events.ReplayRequest;
import io.campus.platform.bus.BusClient;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.node.CampusNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
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

  private final Vertx vertx;
  private final CampusNode node;
  private final String name;
  private final Pool pool;
  private final Subscriptions subscriptions;
  private final ConsumerOptions options;
  private final BusClient bus;
  private final ConsumerStore store = new ConsumerStore();
  private final Map<String, StreamCursor> cursors = new LinkedHashMap<>();
  private final List<MessageConsumer<JsonObject>> live = new ArrayList<>();
  private final List<Runnable> onActive = new ArrayList<>();
  private final List<Runnable> onStandBy = new ArrayList<>();
  private final EventApplier applier;
  private final StreamPump pump;
  private final Leadership leadership;
  private EndpointRegistry endpoints;
  private volatile boolean active;
  private volatile boolean rebuilding;
  private boolean paused;
  private boolean stopped;
  private long ticker = -1;

  public EventConsumer(CampusNode node, String name, Pool pool, Subscriptions subscriptions, ConsumerOptions options) {
    this.vertx = node.vertx();
    this.node = node;
    this.name = name;
    this.pool = pool;
    this.subscriptions = subscriptions;
    this.options = options;
    this.bus = new BusClient(vertx);
    this.leadership = new Leadership(vertx, pool, "consumer." + name, options.catchUpMs(), () -> stopped);
    this.applier = new EventApplier(vertx, pool, name, subscriptions, options, store, leadership.fence());
    this.pump = new StreamPump(vertx, name, bus, applier, () -> active && !paused && !stopped, this::standBy);
  }

  /**
   * Loads the checkpoints and listens; projecting starts once this instance holds the consumer's lock. Every instance
   * answers {@link EventsApi#retryDeadLetters} for this consumer (admins only).
   */
  public Future<Void> start() {
    List<String> streams = List.copyOf(subscriptions.streams());
    endpoints = new EndpointRegistry(vertx).on(EventsApi.retryDeadLetters(name), retry -> retryDeadLetters());
    streams.forEach(s -> cursors.put(s, new StreamCursor(s, 0)));
    return loadCheckpoints()
        .compose(v -> {
          cursors.values().forEach(c -> live.add(vertx.eventBus().<JsonObject>consumer(EventsApi.live(c.stream),
              m -> onLive(c, m.body()))));
          return Future.all(live.stream().map(MessageConsumer::completion).toList());
        })
        .compose(v -> endpoints.ready())
        .onSuccess(v -> {
          applier.registerMetrics(node.meters(), cursors.values());
          node.management().addReadinessCheck("consumer." + name, this::readiness);
          leadership.compete(epoch -> loadCheckpoints()
              // A standby's checkpoints are as old as its start: the instance it replaces has moved them since.
              .onFailure(e -> LOG.warning(name + " could not reload its checkpoints (" + describe(e)
                  + "); it goes on from the ones it has and catches up by compare-and-set"))
              .onComplete(ar -> lead()));
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
        .onComplete(v -> leadership.release())
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
        .compose(v -> new ShadowRebuild(vertx, pool, name, subscriptions, options, store, leadership.fence())
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
          pump.catchUp(cursors.values());
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

  /** Another instance is the active projector now (see {@link Fence}): stop before the next step and stand by. */
  private void standBy(Fence.Lost lost) {
    if (!active) {
      return;
    }
    active = false;
    vertx.cancelTimer(ticker);
    leadership.lost(lost); // first: a callback that throws must not leave this node holding a lock it lost
    onStandBy.forEach(Runnable::run);
  }

  /** The checkpoints and dead letters as stored: at start, and again when this instance takes the lead. */
  private Future<Void> loadCheckpoints() {
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
    ticker = vertx.setPeriodic(1, options.catchUpMs(), id -> pump.catchUp(cursors.values()));
  }

  private void onLive(StreamCursor cursor, JsonObject body) {
    if (!active) {
      return; // the active projector handles it; this instance replays if it takes over
    }
    pump.offer(cursor, Json.decode(body, EventEnvelope.class));
  }

  /** Completes once no stream is in the middle of a step. */
  private Future<Void> idle() {
    return pump.idle(cursors.values());
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
