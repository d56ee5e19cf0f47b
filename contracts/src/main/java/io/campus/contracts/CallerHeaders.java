package io.campus.contracts;

/**
 * The verified caller of a bus request, as message headers: a BFF sets them from the access token it checked, and a
 * service reads them for its {@link Endpoint.Access} check. Any language sends them the same way.
 */
public final class CallerHeaders {

  /** The caller's user id (the token's {@code sub}). */
  public static final String SUBJECT = "campus-caller-sub";
  /** The caller's roles, comma-separated. */
  public static final String ROLES = "campus-caller-roles";
  /** The role that {@link Endpoint.Access#ADMIN} endpoints require. */
  public static final String ADMIN_ROLE = "admin";

  private CallerHeaders() {
  }
}
