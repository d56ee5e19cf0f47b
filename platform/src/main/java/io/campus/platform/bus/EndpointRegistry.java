package io.campus.platform.bus;

import io.campus.contracts.BusHeaders;
import io.campus.contracts.Endpoint;
import io.campus.contracts.Json;
import io.campus.contracts.RecordCodec;
import io.campus.contracts.error.BusFailures;
import io.campus.contracts.error.CampusException;
import io.campus.platform.db.DatabaseOutage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a service's endpoints on the bus: takes the request record (or reads a JSON request strictly), calls the
 * handler, replies in the form it was asked (a record through {@link RecordCodec}, JSON to a JSON sender), or fails
 * the message with the error vocabulary. A privileged endpoint answers only the caller its access allows
 * ({@link EndpointAccess}). A bug in a handler becomes {@code INTERNAL} with a log line, never a stack
 * trace on the wire.
 */
public final class EndpointRegistry {

  private static final Logger LOG = Logger.getLogger(EndpointRegistry.class.getName());
  /** SQLSTATE class 22: data exceptions. */
  private static final String DATA_EXCEPTION = "22";
  /** What a caller hears after a database outage: ask again in a few seconds (a pool reconnects by itself). */
  private static final long OUTAGE_RETRY_SECONDS = 5;
  private static final long OUTAGE_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  // One warning per 10 s for all endpoints of the JVM, not one per request during an outage.
  private static final AtomicLong LAST_OUTAGE_LOG = new AtomicLong(System.nanoTime() - OUTAGE_LOG_EVERY_NANOS);

  private final Vertx vertx;
  private static final DeliveryOptions AS_RECORD = new DeliveryOptions().setCodecName(RecordCodec.NAME);

  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

  public EndpointRegistry(Vertx vertx) {
    this.vertx = vertx;
  }

  public <Q, R> EndpointRegistry on(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
    consumers.add(vertx.eventBus().consumer(endpoint.address(), message -> answer(endpoint, handler, message)));
    return this;
  }

  /** Completes once every consumer's registration is known to the whole cluster. */
  public Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  public Future<Void> close() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private <Q, R> void answer(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler, Message<Object> message) {
    Future<R> result;
    boolean json = false;
    try {
      Object body = message.body();
      json = body instanceof JsonObject;
      Q request = json ? Json.decodeRequest((JsonObject) body, endpoint.requestType()) : typed(endpoint, body);
      EndpointAccess.check(endpoint, message.headers(), request);
      result = handler.apply(request);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    boolean replyJson = json;
    AtomicBoolean answered = new AtomicBoolean();
    answerBeforeTheCallerGivesUp(endpoint, message, result, answered);
    result.onComplete(
        value -> {
          if (!answered.compareAndSet(false, true)) {
            return;
          }
          if (replyJson) {
            message.reply(Json.encode(value));
          } else {
            message.reply(value, AS_RECORD);
          }
        },
        failure -> {
          if (answered.compareAndSet(false, true)) {
            BusFailures.fail(message, asCampus(endpoint, failure));
          }
        });
  }

  /**
   * A request that says how long its caller waits ({@link BusHeaders#TIMEOUT_MS}) and is still not answered after
   * three quarters of it is answered UNAVAILABLE: the caller hears "busy, try again" before it would time out. The
   * work itself goes on (an idempotent request asked again finds what it did).
   */
  private void answerBeforeTheCallerGivesUp(Endpoint<?, ?> endpoint, Message<Object> message, Future<?> result,
                                            AtomicBoolean answered) {
    String timeout = message.headers().get(BusHeaders.TIMEOUT_MS);
    if (timeout == null || result.isComplete()) {
      return;
    }
    long budget;
    try {
      budget = Long.parseLong(timeout);
    } catch (NumberFormatException e) {
      return;
    }
    if (budget <= 0) {
      return;
    }
    long timer = vertx.setTimer(Math.max(1, budget * 3 / 4), t -> {
      if (answered.compareAndSet(false, true)) {
        // No retry hint from here: for its caller's circuit breaker this is an outage, like a timeout.
        BusFailures.fail(message, CampusException.unavailable(
            endpoint.address() + " is too busy to answer in time; try again"));
      }
    });
    result.onComplete(done -> vertx.cancelTimer(timer));
  }

  private static <Q> Q typed(Endpoint<Q, ?> endpoint, Object body) {
    if (!endpoint.requestType().isInstance(body)) {
      throw CampusException.invalid("body", "expected " + endpoint.requestType().getSimpleName());
    }
    return endpoint.requestType().cast(body);
  }

  private static CampusException asCampus(Endpoint<?, ?> endpoint, Throwable failure) {
    if (failure instanceof CampusException campus) {
      return campus;
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith(DATA_EXCEPTION)) {
      // A value PostgreSQL cannot take (a NUL character, a number out of range): the request's fault, not a bug.
      return CampusException.invalid("request", "holds a value the database cannot take (" + pg.getSqlState() + ")");
    }
    if (DatabaseOutage.is(failure)) {
      // Not a bug: the database is down, restarting or saturated. Readiness says so too (<service>.db).
      logOutage(endpoint, failure);
      return CampusException.unavailable("The service cannot use its database right now; try again",
          OUTAGE_RETRY_SECONDS);
    }
    LOG.log(Level.SEVERE, "unexpected failure answering " + endpoint.address(), failure);
    return CampusException.internal("The service failed to answer " + endpoint.address());
  }

  private static void logOutage(Endpoint<?, ?> endpoint, Throwable failure) {
    long now = System.nanoTime();
    long last = LAST_OUTAGE_LOG.get();
    if (now - last >= OUTAGE_LOG_EVERY_NANOS && LAST_OUTAGE_LOG.compareAndSet(last, now)) {
      LOG.warning("database unavailable answering " + endpoint.address() + " (answered UNAVAILABLE): "
          + failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }
  }
}
