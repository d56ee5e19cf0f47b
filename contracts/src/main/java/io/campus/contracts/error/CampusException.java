package io.campus.contracts.error;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The only failure type Campus code raises on purpose: a kind from {@link ErrorCode}, a detail for humans and,
 * for {@link ErrorCode#VALIDATION}, the fields at fault. It has no stack trace: it describes an outcome, not a bug.
 */
public final class CampusException extends RuntimeException {

  private final ErrorCode code;
  private final List<FieldError> errors;
  private final long retryAfterSeconds;

  public CampusException(ErrorCode code, String detail) {
    this(code, detail, List.of());
  }

  public CampusException(ErrorCode code, String detail, List<FieldError> errors) {
    this(code, detail, errors, 0);
  }

  private CampusException(ErrorCode code, String detail, List<FieldError> errors, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.code = code;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Refused for now; the caller may try again after {@code retryAfterSeconds}. */
  public static CampusException tooManyRequests(String detail, long retryAfterSeconds) {
    return new CampusException(ErrorCode.TOO_MANY_REQUESTS, detail, List.of(), Math.max(1, retryAfterSeconds));
  }

  public static CampusException unauthorized(String detail) {
    return new CampusException(ErrorCode.UNAUTHORIZED, detail);
  }

  public static CampusException forbidden(String detail) {
    return new CampusException(ErrorCode.FORBIDDEN, detail);
  }

  public static CampusException notFound(String detail) {
    return new CampusException(ErrorCode.NOT_FOUND, detail);
  }

  public static CampusException conflict(String detail) {
    return new CampusException(ErrorCode.CONFLICT, detail);
  }

  public static CampusException unavailable(String detail) {
    return new CampusException(ErrorCode.UNAVAILABLE, detail);
  }

  /** Unavailable for now, and likely again after {@code retryAfterSeconds} (busy, or a circuit that will retry). */
  public static CampusException unavailable(String detail, long retryAfterSeconds) {
    return new CampusException(ErrorCode.UNAVAILABLE, detail, List.of(), Math.max(1, retryAfterSeconds));
  }

  /** No answer in time; worth asking again after {@code retryAfterSeconds}. */
  public static CampusException timeout(String detail, long retryAfterSeconds) {
    return new CampusException(ErrorCode.TIMEOUT, detail, List.of(), Math.max(1, retryAfterSeconds));
  }

  public static CampusException internal(String detail) {
    return new CampusException(ErrorCode.INTERNAL, detail);
  }

  public static CampusException invalid(String field, String reason) {
    return invalid(List.of(new FieldError(field, reason)));
  }

  public static CampusException invalid(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? "Invalid '" + errors.get(0).field() + "': " + errors.get(0).reason()
        : errors.size() + " fields are invalid";
    return new CampusException(ErrorCode.VALIDATION, detail, errors);
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** When to try again (TOO_MANY_REQUESTS, and UNAVAILABLE when the server knows); 0 when it does not say. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The wire form carried as the message of a bus failure. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("code", code.name()).put("detail", detail());
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("reason", e.reason())));
      json.put("errors", list);
    }
    if (retryAfterSeconds > 0) {
      json.put("retryAfterSeconds", retryAfterSeconds);
    }
    return json;
  }

  public static CampusException fromJson(JsonObject json) {
    ErrorCode code = ErrorCode.valueOf(json.getString("code"));
    JsonArray list = json.getJsonArray("errors", new JsonArray());
    List<FieldError> errors = list.stream()
        .map(JsonObject.class::cast)
        .map(e -> new FieldError(e.getString("field"), e.getString("reason")))
        .toList();
    return new CampusException(code, json.getString("detail"), errors, json.getLong("retryAfterSeconds", 0L));
  }

  @Override
  public String toString() {
    return code + ": " + detail();
  }
}
