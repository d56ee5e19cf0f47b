package io.campus.contracts;

/**
 * What a bus request carries besides its body, as message headers, the same in any language: the verified caller (a
 * BFF sets them from the access token it checked; a service reads them for its {@link Endpoint.Access} check) and
 * how long the caller will wait for the answer.
 */
public final class BusHeaders {

  /** The caller's user id (the token's {@code sub}). */
  public static final String SUBJECT = "campus-caller-sub";
  /** The caller's roles, comma-separated. */
  public static final String ROLES = "campus-caller-roles";
  /**
   * How many milliseconds the caller waits for an answer. A service that cannot answer within most of it answers
   * UNAVAILABLE with a retry hint before the caller gives up, so a caller hears "busy" rather than a timeout.
   */
  public static final String TIMEOUT_MS = "campus-timeout-ms";
  /** The role that {@link Endpoint.Access#ADMIN} endpoints require. */
  public static final String ADMIN_ROLE = "admin";

  private BusHeaders() {
  }
}
