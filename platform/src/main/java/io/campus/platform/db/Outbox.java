package io.campus.platform.db;

import io.campus.contracts.Json;
import io.campus.contracts.events.EventType;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Writes domain events into the outbox; call it with the transaction that makes the change. */
public final class Outbox {

  private static final String APPEND = """
      INSERT INTO platform.outbox (event_id, stream, type, payload, traceparent) VALUES ($1, $2, $3, $4, $5)""";

  private Outbox() {
  }

  public static <P> Future<Void> append(SqlClient transaction, String stream, EventType<P> type, P payload,
                                        String traceparent) {
    return transaction.preparedQuery(APPEND)
        .execute(Tuple.of(UUID.randomUUID(), stream, type.name(), Json.encode(payload), traceparent))
        .mapEmpty();
  }
}
