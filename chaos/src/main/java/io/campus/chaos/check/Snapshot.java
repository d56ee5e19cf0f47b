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
 * @param view              every row of the history view (purchases, their steps, its copy of the catalog), by key
 * @param rebuilt           the same rows after an admin's rebuild of the view from position 0 of every stream
 * @param rebuildRefusal    why the rebuild was refused or failed; null when it ran
 * @param published         whether each course is published, by holder: courses itself and each copy of the
 *                          catalog that course events keep (payments' prices, users', the history view's)
 * @param enrollments       users' enrollments that name the purchase that paid for them
 * @param succeededCharges  the processor's succeeded charges per purchase id
 * @param refunded          the purchases the processor refunded
 * @param loginAfter        the status of a login, after the run, of each user the history saw registered
 * @param ready             each member's readiness after the run (for a service instance: with its discovery record)
 */
public record Snapshot(Map<String, Purchase> purchases, Map<String, String> viewStatus, Map<String, String> view,
                       Map<String, String> rebuilt, String rebuildRefusal, Map<String, Map<String, Boolean>> published,
                       List<Enrollment> enrollments, Map<String, Integer> succeededCharges, Set<String> refunded,
                       Map<String, Integer> loginAfter, Map<String, Boolean> ready) {

  /** A purchase as payments holds it. */
  public record Purchase(String id, String userId, String courseId, String key, String status) {
  }

  /** An enrollment users granted for a purchase. */
  public record Enrollment(String userId, String courseId, String purchaseId) {
  }
}
