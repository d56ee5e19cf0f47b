package io.campus.contracts.error;

import java.util.Arrays;
import java.util.Optional;

/**
 * The one error vocabulary of Campus. A service fails a bus request with one of these; the BFFs map it to an
 * HTTP status and a problem+json body. The bus failure code is the HTTP status, so a code read in a log means
 * the same thing on the bus and at the edge.
 */
public enum ErrorCode {
  VALIDATION(400, "Bad Request"),
  UNAUTHORIZED(401, "Unauthorized"),
  FORBIDDEN(403, "Forbidden"),
  NOT_FOUND(404, "Not Found"),
  CONFLICT(409, "Conflict"),
  TOO_MANY_REQUESTS(429, "Too Many Requests"),
  INTERNAL(500, "Internal Server Error"),
  UNAVAILABLE(503, "Service Unavailable"),
  TIMEOUT(504, "Gateway Timeout");

  private final int httpStatus;
  private final String title;

  ErrorCode(int httpStatus, String title) {
    this.httpStatus = httpStatus;
    this.title = title;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The failure code used with {@code Message.fail}. */
  public int busCode() {
    return httpStatus;
  }

  /** A short human title, the same for every error of this kind (RFC 9457 {@code title}). */
  public String title() {
    return title;
  }

  public static Optional<ErrorCode> fromBusCode(int code) {
    return Arrays.stream(values()).filter(c -> c.busCode() == code).findFirst();
  }
}
