package io.campus.chaos.history;

import io.vertx.core.json.JsonObject;

/**
 * One request of the workload and its answer, as the history records it.
 *
 * @param index      its place in the workload (the schedule's order, not the answers')
 * @param op         what it does: {@code catalog}, {@code home}, {@code register}, {@code login}, {@code purchase},
 *                   {@code purchase-status}, {@code profile}, an admin's {@code publish} and {@code withdraw}
 * @param target     which BFF instance it went to
 * @param user       the user's email, when it acts for one
 * @param key        a purchase's idempotency key
 * @param course     a purchase's (or an admin's publish or withdraw) course id
 * @param status     the HTTP status; 0 when no answer came (refused, reset, timed out)
 * @param purchaseId the purchase an answer names
 * @param problem    the problem+json {@code type} of an error answer, or null when the body was not problem+json
 * @param retryAfter the {@code Retry-After} header, if any
 * @param startMs    when it was sent (ms since the run started)
 * @param endMs      when its answer (or failure) came
 */
public record Operation(long index, String op, String target, String user, String key, String course, int status,
                        String purchaseId, String problem, String retryAfter, long startMs, long endMs) {

  public boolean read() {
    return op.equals("catalog") || op.equals("home") || op.equals("purchase-status");
  }

  public JsonObject toJson() {
    return JsonObject.mapFrom(this);
  }

  public static Operation fromJson(JsonObject json) {
    return json.mapTo(Operation.class);
  }
}
