package io.campus.platform.db;

import io.campus.contracts.Json;
import io.campus.contracts.events.EventType;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Objects;
import java.util.UUID;

/**
 * The outbox of one event stream: writes its domain events; call it with the transaction that makes the change. The
 * same statement notifies the stream's relay, and PostgreSQL delivers that notification only if the transaction
 * commits. A service holds one per stream it produces (its own name).
 */
public final class Outbox {

  /** The PostgreSQL notification channel the relays listen on; the payload is the stream name. */
  public static final String CHANNEL = "campus_outbox";
  private static final String APPEND = """
      WITH appended AS (
        INSERT INTO platform.outbox (event_id, stream, type, payload, traceparent) VALUES ($1, $2, $3, $4, $5)
        RETURNING stream)
      SELECT pg_notify('campus_outbox', stream) FROM appended""";

  private final String stream;

  public Outbox(String stream) {
    this.stream = Objects.requireNonNull(stream);
  }

  /**
   * Appends {@code payload} as an event of {@code type} to this stream, in {@code transaction}. The traceparent
   * column stays empty until traces are exported (then it carries the context of the request that made the change).
   */
  public <P> Future<Void> append(SqlClient transaction, EventType<P> type, P payload) {
    return transaction.preparedQuery(APPEND)
        .execute(Tuple.of(UUID.randomUUID(), stream, type.name(), Json.encode(payload), null))
        .mapEmpty();
  }
}
