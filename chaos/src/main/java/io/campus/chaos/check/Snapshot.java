package io.campus.chaos.check;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the system holds once the load stopped and the purchases settled: payments' purchases, the history view,
 * users' enrollments, the processor's ledger, whether each registered user can still log in, and each member's
 * readiness.
 *
 * @param purchases         payments' purchases by id
 * @param viewStatus        the purchase-history view's status of each purchase it has, by id
 * @param enrollments       users' enrollments that name the purchase that paid for them
 * @param succeededCharges  the processor's succeeded charges per purchase id
 * @param refunded          the purchases the processor refunded
 * @param loginAfter        the status of a login, after the run, of each user the history saw registered
 * @param ready             each member's readiness after the run (for a service instance: with its discovery record)
 */
public record Snapshot(Map<String, Purchase> purchases, Map<String, String> viewStatus, List<Enrollment> enrollments,
                       Map<String, Integer> succeededCharges, Set<String> refunded, Map<String, Integer> loginAfter,
                       Map<String, Boolean> ready) {

  /** A purchase as payments holds it. */
  public record Purchase(String id, String userId, String courseId, String key, String status) {
  }

  /** An enrollment users granted for a purchase. */
  public record Enrollment(String userId, String courseId, String purchaseId) {
  }
}
