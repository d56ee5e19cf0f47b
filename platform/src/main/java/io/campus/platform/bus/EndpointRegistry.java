package io.campus.platform.bus;

import io.campus.contracts.Endpoint;
import io.campus.contracts.Json;
import io.campus.contracts.error.BusFailures;
import io.campus.contracts.error.CampusException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a service's endpoints on the bus: decodes the request strictly, calls the handler, replies with the
 * encoded result, or fails the message with the error vocabulary. A bug in a handler becomes {@code INTERNAL}
 * with a log line, never a stack trace on the wire.
 */
public final class EndpointRegistry {

  private static final Logger LOG = Logger.getLogger(EndpointRegistry.class.getName());

  private final Vertx vertx;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  public EndpointRegistry(Vertx vertx) {
    this.vertx = vertx;
  }

  public <Q, R> EndpointRegistry on(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
    consumers.add(vertx.eventBus().<JsonObject>consumer(endpoint.address(), message -> answer(endpoint, handler, message)));
    return this;
  }

  /** Completes once every consumer's registration is known to the whole cluster. */
  public Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  public Future<Void> close() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private static <Q, R> void answer(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler,
                                    Message<JsonObject> message) {
    Future<R> result;
    try {
      result = handler.apply(Json.decodeRequest(message.body(), endpoint.requestType()));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(
        value -> message.reply(Json.encode(value)),
        failure -> BusFailures.fail(message, asCampus(endpoint, failure)));
  }

  private static CampusException asCampus(Endpoint<?, ?> endpoint, Throwable failure) {
    if (failure instanceof CampusException campus) {
      return campus;
    }
    LOG.log(Level.SEVERE, "unexpected failure answering " + endpoint.address(), failure);
    return CampusException.internal("The service failed to answer " + endpoint.address());
  }
}
