package io.campus.platform.events;

import io.campus.contracts.events.EventType;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.events.ReplayRequest;
import io.campus.platform.bus.BusClient;
import io.campus.platform.db.Outbox;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestCluster;
import io.campus.platform.testing.TestNodes;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Two clustered producer instances on one database: one relays, and the other takes over when it goes. */
class RelayFailoverTest {

  /** The test stream's event. */
  record Tick(int n) {
  }

  private static final EventType<Tick> TICKED = EventType.of("tick.ticked", Tick.class);

  @TempDir
  Path dir;
  private CampusNode database;
  private CampusNode first;
  private CampusNode second;

  @AfterEach
  void stop() {
    TestNodes.close(second);
    TestNodes.close(first);
    TestNodes.close(database);
  }

  @Test
  @DisplayName("exactly one instance relays; when its node leaves the cluster, the other relays within seconds")
  void takesOver() {
    // A node of its own holds the database, so either producer instance can go away.
    database = TestNodes.start(TestNodes.config(dir.resolve("db"), Map.of("node.name", "db")));
    PgConnectOptions db = join(database.databases().connectOptions("ledger"));
    join(database.databases().open("ledger"));
    String url = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort()
        + "/" + db.getDatabase();
    TestCluster cluster = TestCluster.create(dir, "campus-test-relay", 5971, 2);
    first = TestNodes.start(TestNodes.config(dir.resolve("a"), Map.of("node.name", "a", "ledger.db.url", url)),
        cluster.newManager());
    second = TestNodes.start(TestNodes.config(dir.resolve("b"), Map.of("node.name", "b", "ledger.db.url", url)),
        cluster.newManager());
    Pool firstPool = join(first.databases().open("ledger"));
    Pool secondPool = join(second.databases().open("ledger"));
    EventStream firstStream = join(EventStream.start(first, "ledger", firstPool));
    EventStream secondStream = join(EventStream.start(second, "ledger", secondPool));

    await().atMost(Duration.ofSeconds(10)).until(() -> firstStream.relaying() || secondStream.relaying());
    assertNotEquals(firstStream.relaying(), secondStream.relaying(), "exactly one relay");
    append(secondPool, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> head(first) == 1);

    boolean firstRelays = firstStream.relaying();
    EventStream survivor = firstRelays ? secondStream : firstStream;
    Pool survivorPool = firstRelays ? secondPool : firstPool;
    CampusNode survivingNode = firstRelays ? second : first;
    if (firstRelays) {
      TestNodes.close(first);
      first = null;
    } else {
      TestNodes.close(second);
      second = null;
    }
    await().atMost(Duration.ofSeconds(10)).until(survivor::relaying);
    append(survivorPool, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> head(survivingNode) == 2);
    assertEquals(2, head(survivingNode));
  }

  private void append(Pool pool, int n) {
    join(pool.withTransaction(tx -> new Outbox("ledger").append(tx, TICKED, new Tick(n))));
  }

  private static long head(CampusNode node) {
    return join(new BusClient(node.vertx()).request(EventsApi.replay("ledger"), new ReplayRequest(0, 1), 5_000)).head();
  }
}
