package io.campus.platform.events;

import io.campus.contracts.Json;
import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventsApi;
import io.campus.platform.db.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
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
  private static final long LOCK_WAIT_MS = 2_000;
  private static final long SWEEP_MS = 1_000;

  private final Vertx vertx;
  private final String stream;
  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final OutboxStore store = new OutboxStore();
  private final Fence fence;
  private final AtomicLong head = new AtomicLong();
  private final Counter relayed;
  private volatile boolean stopped;
  private Lock lock;
  private PgSubscriber notifications;
  private long sweeper = -1;
  private boolean draining;
  private boolean again;

  OutboxRelay(Vertx vertx, String stream, Pool pool, PgConnectOptions connectOptions, MeterRegistry meters) {
    this.vertx = vertx;
    this.stream = stream;
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.fence = new Fence("relay." + stream);
    this.relayed = Counter.builder("campus.relay.events").tag("stream", stream)
        .description("events given a position and published").register(meters);
    meters.gauge("campus.stream.head", List.of(io.micrometer.core.instrument.Tag.of("stream", stream)), head);
  }

  /** Competes for the relay lock in the background; returns at once. */
  void start() {
    compete();
  }

  boolean active() {
    return lock != null;
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(sweeper);
    Future<Void> closed = notifications == null ? Future.succeededFuture() : notifications.close();
    return closed.onComplete(v -> {
      if (lock != null) {
        lock.release();
        lock = null;
      }
    });
  }

  private void compete() {
    if (stopped) {
      return;
    }
    vertx.sharedData().getLockWithTimeout("campus.relay." + stream, LOCK_WAIT_MS)
        .onSuccess(this::lead)
        .onFailure(e -> vertx.setTimer(1, id -> compete())); // another instance relays; stand by
  }

  private void lead(Lock acquired) {
    if (stopped) {
      acquired.release();
      return;
    }
    fence.take(pool).onComplete(taken -> {
      if (taken.failed() || stopped) {
        acquired.release(); // held, and not used: let another instance, or this one later, try
        if (taken.failed()) {
          LOG.warning("relay of " + stream + " cannot start (" + taken.cause().getMessage() + "); trying again");
          vertx.setTimer(SWEEP_MS, id -> compete());
        }
        return;
      }
      lock = acquired;
      listen(taken.result());
    });
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
    if (lock == null) {
      return;
    }
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    again = false;
    pool.withTransaction(tx -> fence.check(tx).compose(v -> store.assign(tx, stream, BATCH)))
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
          if (!stopped && lock != null && (again || (ar.succeeded() && ar.result().size() == BATCH))) {
            drain();
          }
        });
  }

  /**
   * Another instance relays now. The lock is dropped, not released: its release is a force-unlock, and the lock, if
   * this node lost it, belongs to the new relay.
   */
  private void standBy(Fence.Lost lost) {
    LOG.warning("relay of " + stream + " stops: " + lost.getMessage());
    lock = null;
    vertx.cancelTimer(sweeper);
    if (notifications != null) {
      notifications.close();
      notifications = null;
    }
    compete();
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
