package io.campus.platform.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * A fencing token for the one relay of a stream or the one active projector of a consumer. The cluster lock elects
 * the leader, but a lock holder cannot tell that it lost the lock (its node paused past the heartbeat, or sat on
 * the wrong side of a split): so whoever takes the lock also takes the next epoch in the service's database, and each
 * batch checks, in its own transaction, that its epoch is still the newest. A leader that was replaced finds a newer
 * epoch, its batch rolls back, and it stops before doing anything more.
 */
final class Fence {

  /** A newer leader took over: the transaction that found out must roll back, and this instance stand by. */
  static final class Lost extends RuntimeException {
    Lost(String name, long mine, long newest) {
      super(name + ": epoch " + mine + " was replaced by " + newest, null, false, false);
    }
  }

  private static final String TAKE = """
      INSERT INTO platform.leader (name, epoch) VALUES ($1, 1)
      ON CONFLICT (name) DO UPDATE SET epoch = platform.leader.epoch + 1, taken_at = clock_timestamp()
      RETURNING epoch""";
  // FOR SHARE: a successor's take waits for this batch to commit, so its first batch comes after this one.
  private static final String NEWEST = "SELECT epoch FROM platform.leader WHERE name = $1 FOR SHARE";

  private final String name;
  private volatile long epoch;

  Fence(String name) {
    this.name = name;
  }

  /** Takes the next epoch: call it once the lock is held, before the first batch. */
  Future<Long> take(SqlClient db) {
    return db.preparedQuery(TAKE).execute(Tuple.of(name)).map(rows -> {
      epoch = rows.iterator().next().getLong(0);
      return epoch;
    });
  }

  /** Fails with {@link Lost} unless this instance's epoch is still the newest. Run it in the batch's transaction. */
  Future<Void> check(SqlClient tx) {
    long mine = epoch;
    return tx.preparedQuery(NEWEST).execute(Tuple.of(name)).compose(rows -> {
      long newest = rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
      return newest == mine ? Future.succeededFuture() : Future.failedFuture(new Lost(name, mine, newest));
    });
  }
}
