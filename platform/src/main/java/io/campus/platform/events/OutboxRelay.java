package io.campus.platform.events;

import io.campus.contracts.Json;
import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventsApi;
import io.campus.platform.db.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The one relay of a stream in the whole cluster (a cluster-wide lock elects it; when its node dies the lock is
 * freed and a standby takes over). It gives committed outbox events their positions and publishes them. It runs when
 * PostgreSQL notifies a commit, and every second in case a notification was missed. Publishing is at most once:
 * consumers that miss a live event get it by replay. A relay that was replaced without noticing (see {@link Fence})
 * stops before its next batch and stands by.
 */
final class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
  private static final int BATCH = 500;
  private static final long SWEEP_MS = 1_000;

  private final Vertx vertx;
  private final String stream;
  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final OutboxStore store = new OutboxStore();
  private final Leadership leadership;
  private final AtomicLong head = new AtomicLong();
  private final Counter relayed;
  private volatile boolean stopped;
  private PgSubscriber notifications;
  private long sweeper = -1;
  private boolean draining;
  private boolean again;

  OutboxRelay(Vertx vertx, String stream, Pool pool, PgConnectOptions connectOptions, MeterRegistry meters) {
    this.vertx = vertx;
    this.stream = stream;
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.leadership = new Leadership(vertx, pool, "relay." + stream, SWEEP_MS, () -> stopped);
    this.relayed = Counter.builder("campus.relay.events").tag("stream", stream)
        .description("events given a position and published").register(meters);
    meters.gauge("campus.stream.head", List.of(io.micrometer.core.instrument.Tag.of("stream", stream)), head);
  }

  /** Competes for the relay lock in the background; returns at once. */
  void start() {
    leadership.compete(this::listen);
  }

  boolean active() {
    return leadership.leading();
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(sweeper);
    Future<Void> closed = notifications == null ? Future.succeededFuture() : notifications.close();
    return closed.onComplete(v -> leadership.release());
  }

  private void listen(long epoch) {
    LOG.info("relaying stream " + stream + " (epoch " + epoch + ")");
    notifications = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> 1_000L);
    notifications.channel(Outbox.CHANNEL).handler(payload -> {
      if (stream.equals(payload)) {
        drain();
      }
    });
    notifications.connect().onFailure(e -> LOG.warning("no commit notifications for " + stream + " (" + e.getMessage()
        + "); relaying every " + SWEEP_MS + " ms"));
    sweeper = vertx.setPeriodic(1, SWEEP_MS, id -> drain());
  }

  /** Relays until nothing committed is left without a position; a call while draining asks for one more round. */
  private void drain() {
    if (!leadership.leading()) {
      return;
    }
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    again = false;
    pool.withTransaction(tx -> leadership.fence().check(tx).compose(v -> store.assign(tx, stream, BATCH)))
        .onSuccess(this::publish)
        .onFailure(e -> {
          if (e instanceof Fence.Lost lost) {
            standBy(lost);
          } else {
            LOG.warning("relay of " + stream + " failed, will retry: " + e.getMessage());
          }
        })
        .onComplete(ar -> {
          draining = false;
          if (!stopped && leadership.leading() && (again || (ar.succeeded() && ar.result().size() == BATCH))) {
            drain();
          }
        });
  }

  /** Another instance relays now: stop listening, and compete again. */
  private void standBy(Fence.Lost lost) {
    vertx.cancelTimer(sweeper);
    if (notifications != null) {
      notifications.close();
      notifications = null;
    }
    leadership.lost(lost);
  }

  private void publish(List<EventEnvelope> events) {
    String address = EventsApi.live(stream);
    for (EventEnvelope event : events) {
      vertx.eventBus().publish(address, Json.encode(event));
      head.accumulateAndGet(event.position(), Math::max);
    }
    relayed.increment(events.size());
  }
}
