package io.campus.platform.events;

import io.campus.contracts.Json;
import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventType;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What a consumer does with each type of event of each stream it follows; other types only move its checkpoint. */
public final class Subscriptions {

  /** Applies one event's effect, inside the transaction that also moves the consumer's checkpoint. */
  @FunctionalInterface
  public interface Handler<P> {
    Future<Void> apply(SqlConnection tx, P payload, EventEnvelope event);
  }

  private final Map<String, Map<String, Handler<EventEnvelope>>> byStream = new LinkedHashMap<>();

  public <P> Subscriptions on(String stream, EventType<P> type, Handler<P> handler) {
    byStream.computeIfAbsent(stream, s -> new LinkedHashMap<>()).put(type.name(),
        (tx, envelope, same) -> handler.apply(tx, Json.decode(envelope.payload(), type.payloadType()), envelope));
    return this;
  }

  Set<String> streams() {
    return byStream.keySet();
  }

  /** Runs the event's handler, if it has one, in {@code tx}. */
  Future<Void> apply(SqlConnection tx, EventEnvelope event) {
    Handler<EventEnvelope> handler = byStream.getOrDefault(event.stream(), Map.of()).get(event.type());
    try {
      return handler == null ? Future.succeededFuture() : handler.apply(tx, event, event);
    } catch (RuntimeException e) { // a payload that does not decode, a bug: a failed attempt like any other
      return Future.failedFuture(e);
    }
  }
}
