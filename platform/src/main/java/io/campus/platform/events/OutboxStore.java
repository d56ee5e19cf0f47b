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
   * has read up to P can never miss an event at or below P, even when transactions commit out of id order. The
   * relay is the only writer of positions; the unique constraint stops a second one.
   */
  private static final String ASSIGN = """
      WITH head AS (SELECT coalesce(max(position), 0) AS p FROM platform.outbox WHERE stream = $1),
           batch AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM platform.outbox
                     WHERE stream = $1 AND position IS NULL ORDER BY id LIMIT $2)
      UPDATE platform.outbox o SET position = head.p + batch.n FROM head, batch WHERE o.id = batch.id
      RETURNING o.event_id, o.stream, o.position, o.type, o.occurred_at, o.traceparent, o.payload""";
  private static final String AFTER = "SELECT " + COLUMNS + " FROM platform.outbox "
      + "WHERE stream = $1 AND position > $2 ORDER BY position LIMIT $3";
  private static final String HEAD = "SELECT coalesce(max(position), 0) FROM platform.outbox WHERE stream = $1";

  /** Positions the next {@code limit} committed events; answers them in position order. */
  Future<List<EventEnvelope>> assign(SqlClient db, String stream, int limit) {
    return db.preparedQuery(ASSIGN).execute(Tuple.of(stream, limit)).map(rows -> rows.stream()
        .map(OutboxStore::envelope).sorted(Comparator.comparingLong(EventEnvelope::position)).toList());
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
