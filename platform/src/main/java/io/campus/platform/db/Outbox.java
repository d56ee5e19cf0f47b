package io.campus.platform.db;

import io.campus.contracts.Json;
import io.campus.contracts.events.EventType;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Writes domain events into the outbox; call it with the transaction that makes the change. The same statement
 * notifies the stream's relay, and PostgreSQL delivers that notification only if the transaction commits.
 */
public final class Outbox {

  /** The PostgreSQL notification channel the relays listen on; the payload is the stream name. */
  public static final String CHANNEL = "campus_outbox";
  private static final String APPEND = """
      WITH appended AS (
        INSERT INTO platform.outbox (event_id, stream, type, payload, traceparent) VALUES ($1, $2, $3, $4, $5)
        RETURNING stream)
      SELECT pg_notify('campus_outbox', stream) FROM appended""";

  private Outbox() {
  }

  public static <P> Future<Void> append(SqlClient transaction, String stream, EventType<P> type, P payload,
                                        String traceparent) {
    return transaction.preparedQuery(APPEND)
        .execute(Tuple.of(UUID.randomUUID(), stream, type.name(), Json.encode(payload), traceparent))
        .mapEmpty();
  }
}
