package io.campus.platform.events;

import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventType;
import io.campus.platform.db.Outbox;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Two relays of one stream running at once (a paused node that still believes it holds the relay lock, and its
 * successor), at the level where that race lives: two transactions assigning positions in PostgreSQL.
 */
class RelayAssignTest {

  record Note(String text) {
  }

  private static final String STREAM = "race";
  private static final EventType<Note> NOTED = EventType.of("note.added", Note.class);

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static Pool db;
  private final OutboxStore store = new OutboxStore();

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of()));
    db = join(node.databases().open("ledger")); // no relay runs on stream "race": the test is both relays
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("two relays at once, events committed out of id order: each event keeps the one position it was given")
  void oneAssignmentAtATime() {
    // X appends first (the lower id) but commits last; Y appends and commits.
    SqlConnection x = join(db.getConnection());
    Transaction xTx = join(x.begin());
    UUID late = appendIn(x);
    UUID early = join(db.withTransaction(tx -> append(tx)));

    // Relay B positions what it sees (Y's event) and has not committed yet when X commits.
    SqlConnection b = join(db.getConnection());
    Transaction bTx = join(b.begin());
    List<EventEnvelope> byB = join(store.assign(b, STREAM, 100));
    assertEquals(List.of(early), byB.stream().map(EventEnvelope::eventId).toList());
    join(xTx.commit());

    // Relay A starts while B's transaction is open; B commits (and would publish); then A finishes.
    Future<List<EventEnvelope>> byA = db.withTransaction(tx -> store.assign(tx, STREAM, 100));
    // A is inside PostgreSQL, waiting for B (on B's row, or on the stream's lock), before B commits.
    await().atMost(Duration.ofSeconds(10)).until(() -> join(db.query(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
        .execute()).iterator().next().getLong(0) >= 1);
    join(bTx.commit());
    List<EventEnvelope> assignedByA = join(byA);
    x.close();
    b.close();

    Map<UUID, Long> positions = join(store.after(db, STREAM, 0, 100)).stream()
        .collect(Collectors.toMap(EventEnvelope::eventId, EventEnvelope::position));
    assertEquals(byB.get(0).position(), positions.get(early), "B published it at this position: it must stay");
    assertEquals(2L, positions.get(late), "the late commit comes after it");
    assertFalse(assignedByA.stream().anyMatch(e -> e.eventId().equals(early)), "A did not renumber B's event");
  }

  @Test
  @DisplayName("a relay replaced without noticing (a newer epoch in the database) stops before its next batch")
  void replacedRelayStops() {
    Pool fenced = join(node.databases().open("fenced"));
    EventStream relay = join(EventStream.start(node, "fenced", fenced));
    await().atMost(Duration.ofSeconds(10)).until(relay::relaying);
    join(fenced.withTransaction(tx -> new Outbox("fenced").append(tx, NOTED, new Note("before"))));
    await().atMost(Duration.ofSeconds(10)).until(() -> positioned(fenced) == 1);

    // Its successor took the lock and the next epoch: this node paused past the heartbeat, say, and still believes.
    join(fenced.query("UPDATE platform.leader SET epoch = epoch + 1 WHERE name = 'relay.fenced'").execute());
    join(fenced.withTransaction(tx -> new Outbox("fenced").append(tx, NOTED, new Note("after"))));
    await().atMost(Duration.ofSeconds(10)).until(() -> !relay.relaying());
    assertEquals(1L, positioned(fenced), "the event committed after it was replaced got no position from it");
    join(relay.stop());
  }

  private static long positioned(Pool pool) {
    return join(pool.query("SELECT count(*) FROM platform.outbox WHERE position IS NOT NULL").execute())
        .iterator().next().getLong(0);
  }

  private static UUID appendIn(SqlConnection connection) {
    return join(append(connection));
  }

  /** Appends an event in {@code tx} and answers its id. */
  private static Future<UUID> append(SqlClient tx) {
    String marker = UUID.randomUUID().toString();
    return new Outbox(STREAM).append(tx, NOTED, new Note(marker))
        .compose(v -> tx.preparedQuery("SELECT event_id FROM platform.outbox WHERE payload ->> 'text' = $1")
            .execute(Tuple.of(marker)))
        .map(rows -> rows.iterator().next().getUUID(0));
  }
}
