package io.campus.platform.db;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means that the database cannot be used right now: an outage to report as UNAVAILABLE (503 with
 * {@code Retry-After} at a BFF), not a bug. Connection refused, reset, closed or timed out (the pool's wait included),
 * PostgreSQL shutting down, starting, or out of connections or resources, a statement cancelled by its timeout, and
 * a transaction PostgreSQL rolled back to let another go on (serialization failure, deadlock).
 */
public final class DatabaseOutage {

  /** SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown). */
  private static final Set<String> CLASSES = Set.of("08", "53", "57P");
  /** query_canceled (statement timeout), serialization_failure, deadlock_detected. */
  private static final Set<String> STATES = Set.of("57014", "40001", "40P01");

  private DatabaseOutage() {
  }

  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg) {
        String state = pg.getSqlState();
        return state != null && (STATES.contains(state) || CLASSES.stream().anyMatch(state::startsWith));
      }
      // An IOException under a database call is its connection failing: reset or broken while the server stops.
      if (t instanceof ClosedConnectionException || t instanceof ConnectException || t instanceof IOException
          || t instanceof ClosedChannelException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
