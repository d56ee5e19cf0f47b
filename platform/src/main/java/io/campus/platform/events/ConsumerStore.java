package io.campus.platform.events;

import io.campus.contracts.Json;
import io.campus.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The SQL of a consumer's own state: checkpoints and dead letters, in the consumer's database. */
final class ConsumerStore {

  /** A dead-lettered event still to be resolved. */
  record DeadLetter(long id, EventEnvelope event) {
  }

  /** Thrown inside a transaction when the checkpoint is not where this instance thought: someone applied it. */
  static final class CheckpointMoved extends RuntimeException {
    CheckpointMoved() {
      super("checkpoint moved", null, false, false);
    }
  }

  private static final String ENSURE = "INSERT INTO platform.checkpoint (consumer, stream) VALUES ($1, $2) "
      + "ON CONFLICT DO NOTHING";
  private static final String POSITIONS = "SELECT stream, position FROM platform.checkpoint WHERE consumer = $1";
  private static final String ADVANCE = "UPDATE platform.checkpoint SET position = $4, updated_at = clock_timestamp() "
      + "WHERE consumer = $1 AND stream = $2 AND position = $3";
  private static final String RESET = "UPDATE platform.checkpoint SET position = 0, updated_at = clock_timestamp() "
      + "WHERE consumer = $1";
  private static final String DEAD_LETTER = """
      INSERT INTO platform.dead_letter (consumer, stream, position, event_id, type, envelope, error, attempts)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
  private static final String OPEN_DEAD_LETTERS = "SELECT id, envelope FROM platform.dead_letter "
      + "WHERE consumer = $1 AND resolved_at IS NULL ORDER BY id";
  private static final String COUNT_DEAD_LETTERS = "SELECT count(*) FROM platform.dead_letter "
      + "WHERE consumer = $1 AND resolved_at IS NULL";
  private static final String RESOLVE = "UPDATE platform.dead_letter SET resolved_at = clock_timestamp() WHERE id = $1";
  private static final String STILL_FAILING = "UPDATE platform.dead_letter SET attempts = attempts + 1, error = $2, "
      + "failed_at = clock_timestamp() WHERE id = $1";
  private static final String FORGET_DEAD_LETTERS = "DELETE FROM platform.dead_letter WHERE consumer = $1";

  Future<Map<String, Long>> positions(SqlClient db, String consumer, List<String> streams) {
    Future<Void> ensured = Future.succeededFuture();
    for (String stream : streams) {
      ensured = ensured.compose(v -> db.preparedQuery(ENSURE).execute(Tuple.of(consumer, stream)).mapEmpty());
    }
    return ensured.compose(v -> db.preparedQuery(POSITIONS).execute(Tuple.of(consumer)))
        .map(rows -> rows.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1))));
  }

  /** Moves the checkpoint from {@code from} to {@code to}; fails with {@link CheckpointMoved} if it was not at {@code from}. */
  Future<Void> advance(SqlClient tx, String consumer, String stream, long from, long to) {
    return tx.preparedQuery(ADVANCE).execute(Tuple.of(consumer, stream, from, to)).compose(rows -> rows.rowCount() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new CheckpointMoved()));
  }

  Future<Void> reset(SqlClient tx, String consumer) {
    return tx.preparedQuery(RESET).execute(Tuple.of(consumer))
        .compose(v -> tx.preparedQuery(FORGET_DEAD_LETTERS).execute(Tuple.of(consumer)))
        .mapEmpty();
  }

  Future<Void> deadLetter(SqlClient tx, String consumer, EventEnvelope event, String error, int attempts) {
    return tx.preparedQuery(DEAD_LETTER).execute(Tuple.of(consumer, event.stream(), event.position(), event.eventId(),
        event.type(), Json.encode(event), error, attempts)).mapEmpty();
  }

  Future<List<DeadLetter>> openDeadLetters(SqlClient db, String consumer) {
    return db.preparedQuery(OPEN_DEAD_LETTERS).execute(Tuple.of(consumer)).map(rows -> rows.stream()
        .map(r -> new DeadLetter(r.getLong(0), Json.decode((JsonObject) r.getValue(1), EventEnvelope.class))).toList());
  }

  Future<Long> countDeadLetters(SqlClient db, String consumer) {
    return db.preparedQuery(COUNT_DEAD_LETTERS).execute(Tuple.of(consumer)).map(r -> r.iterator().next().getLong(0));
  }

  Future<Void> resolve(SqlClient tx, long id) {
    return tx.preparedQuery(RESOLVE).execute(Tuple.of(id)).mapEmpty();
  }

  Future<Void> stillFailing(SqlClient db, long id, String error) {
    return db.preparedQuery(STILL_FAILING).execute(Tuple.of(id, error)).mapEmpty();
  }
}
