package io.campus.platform.events;

import io.campus.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Comparator;
import java.util.List;

/** The SQL of a producer's stream: giving committed events their positions, reading them back for replay. */
final class OutboxStore {

  private static final String COLUMNS = "event_id, stream, position, type, occurred_at, traceparent, payload";
  /*
   * Every event the relay finds committed gets a position above all positions handed out before, so a consumer that
   * has read up to P can never miss an event at or below P, even when transactions commit out of id order. One
   * assignment per stream at a time, whatever the relays believe about their cluster lock (a paused or split node
   * may still think it relays): the transaction first takes the stream's advisory lock, so the statement after it
   * sees every earlier assignment, and the update rechecks that an event has no position yet.
   */
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('campus.relay.' || $1))";
  private static final String ASSIGN = """
      WITH head AS (SELECT coalesce(max(position), 0) AS p FROM platform.outbox WHERE stream = $1),
           batch AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM platform.outbox
                     WHERE stream = $1 AND position IS NULL ORDER BY id LIMIT $2)
      UPDATE platform.outbox o SET position = head.p + batch.n FROM head, batch
       WHERE o.id = batch.id AND o.position IS NULL
      RETURNING o.event_id, o.stream, o.position, o.type, o.occurred_at, o.traceparent, o.payload""";
  private static final String AFTER = "SELECT " + COLUMNS + " FROM platform.outbox "
      + "WHERE stream = $1 AND position > $2 ORDER BY position LIMIT $3";
  private static final String HEAD = "SELECT coalesce(max(position), 0) FROM platform.outbox WHERE stream = $1";

  /** Positions the next {@code limit} committed events; answers them in position order. Run it in a transaction. */
  Future<List<EventEnvelope>> assign(SqlClient tx, String stream, int limit) {
    return tx.preparedQuery(LOCK).execute(Tuple.of(stream))
        .compose(locked -> tx.preparedQuery(ASSIGN).execute(Tuple.of(stream, limit)))
        .map(rows -> rows.stream().map(OutboxStore::envelope)
            .sorted(Comparator.comparingLong(EventEnvelope::position)).toList());
  }

  Future<List<EventEnvelope>> after(SqlClient db, String stream, long position, int limit) {
    return db.preparedQuery(AFTER).execute(Tuple.of(stream, position, limit))
        .map(rows -> rows.stream().map(OutboxStore::envelope).toList());
  }

  Future<Long> head(SqlClient db, String stream) {
    return db.preparedQuery(HEAD).execute(Tuple.of(stream)).map(rows -> rows.iterator().next().getLong(0));
  }

  private static EventEnvelope envelope(Row r) {
    return new EventEnvelope(r.getUUID("event_id"), r.getString("stream"), r.getLong("position"), r.getString("type"),
        r.getOffsetDateTime("occurred_at").toInstant(), r.getString("traceparent"), (JsonObject) r.getValue("payload"));
  }
}
