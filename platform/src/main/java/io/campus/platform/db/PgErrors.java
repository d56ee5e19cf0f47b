package io.campus.platform.db;

import io.vertx.pgclient.PgException;

/** What a PostgreSQL error means to a service, by its SQLSTATE rather than its message. */
public final class PgErrors {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private PgErrors() {
  }

  /** A unique index or constraint refused the row: the caller's conflict, to be answered as one. */
  public static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  /** A row refers to one that does not exist (or no longer does). */
  public static boolean isForeignKeyViolation(Throwable e) {
    return e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
  }
}
