package io.campus.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The processor's memory, like a real one's: a charge or refund per idempotency key (the first request's body and
 * answer are kept, so a repeat gets the same answer), and counters a test can read to prove nothing was charged twice.
 */
final class Ledger {

  /** A request remembered under its idempotency key. */
  record Remembered(JsonObject request, int status, JsonObject response) {
  }

  private final Map<String, Remembered> charges = new ConcurrentHashMap<>();
  private final Map<String, Remembered> refunds = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> chargesById = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requestsByKey = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> succeededByReference = new ConcurrentHashMap<>();

  private final AtomicInteger conflicts = new AtomicInteger();

  /** A request refused with 409 because its key was still being worked on. */
  void conflicted() {
    conflicts.incrementAndGet();
  }

  void counted(String key) {
    requestsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  Remembered charge(String key) {
    return charges.get(key);
  }

  Remembered refund(String key) {
    return refunds.get(key);
  }

  JsonObject chargeById(String id) {
    return chargesById.get(id);
  }

  /**
   * Records a new charge under {@code key}; answers the one already there if another request won the race. A
   * {@code pending} charge succeeds only when {@link #settle} is called.
   */
  Remembered newCharge(String key, JsonObject request, boolean succeeded, String declineReason, boolean pending) {
    JsonObject charge = new JsonObject().put("id", "ch_" + UUID.randomUUID()).put("idempotencyKey", key)
        .put("amount", request.getLong("amount")).put("currency", request.getString("currency"))
        .put("reference", request.getString("reference"))
        .put("status", pending && succeeded ? "pending" : succeeded ? "succeeded" : "declined");
    if (!succeeded) {
      charge.put("declineReason", declineReason);
    }
    Remembered fresh = new Remembered(request, 201, charge);
    Remembered first = charges.putIfAbsent(key, fresh);
    if (first != null) {
      return first;
    }
    chargesById.put(charge.getString("id"), charge);
    if (succeeded && !pending) {
      countSuccess(charge);
    }
    return fresh;
  }

  /** A pending charge goes through: it is a successful charge from now on, for repeats and look-ups too. */
  void settle(String key) {
    Remembered remembered = charges.get(key);
    if (remembered != null && "pending".equals(remembered.response().getString("status"))) {
      remembered.response().put("status", "succeeded");
      countSuccess(remembered.response());
    }
  }

  private void countSuccess(JsonObject charge) {
    if (charge.getString("reference") != null) {
      succeededByReference.computeIfAbsent(charge.getString("reference"), r -> new AtomicInteger()).incrementAndGet();
    }
  }

  Remembered newRefund(String key, JsonObject request, JsonObject charge) {
    JsonObject refund = new JsonObject().put("id", "re_" + UUID.randomUUID()).put("charge", charge.getString("id"))
        .put("amount", charge.getLong("amount")).put("currency", charge.getString("currency")).put("status", "succeeded");
    Remembered fresh = new Remembered(request, 201, refund);
    Remembered first = refunds.putIfAbsent(key, fresh);
    return first != null ? first : fresh;
  }

  JsonObject stats() {
    Map<String, Object> requests = new LinkedHashMap<>();
    requestsByKey.forEach((k, v) -> requests.put(k, v.get()));
    Map<String, Object> succeeded = new LinkedHashMap<>();
    succeededByReference.forEach((k, v) -> succeeded.put(k, v.get()));
    return new JsonObject().put("charges", charges.size()).put("refunds", refunds.size())
        .put("conflicts", conflicts.get())
        .put("refundKeys", new JsonArray(List.copyOf(refunds.keySet())))
        .put("requestsByKey", new JsonObject(requests)).put("succeededChargesByReference", new JsonObject(succeeded));
  }
}
