package io.campus.chaos.check;

import io.campus.chaos.history.Operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Judges a whole run: the history of every operation against what the system holds at the end. Each rule is one
 * thing a user or an auditor of a payments system would check; the run passes only when every rule holds.
 */
public final class Checker {

  private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "REFUNDED");

  private Checker() {
  }

  /**
   * {@code faults}: when each fault lasted, from the strike to the healing; {@code readP99Ms}: the reads' 99th
   * percentile allowed meanwhile.
   */
  public static List<Verdict> check(List<Operation> history, List<FaultWindow> faults, long readP99Ms,
                                    Snapshot snapshot) {
    return List.of(
        purchasesSettle(history, snapshot),
        oneNetCharge(snapshot),
        keysGiveOnePurchase(history),
        viewMatchesPayments(snapshot),
        viewEqualsRebuild(snapshot),
        catalogCopiesAgree(snapshot),
        enrollmentsMatchPurchases(snapshot),
        noServerErrors(history),
        refusalsExplainThemselves(history),
        readsDuringFaults(history, faults, readP99Ms),
        registeredUsersLogIn(history, snapshot),
        everyMemberReady(snapshot));
  }

  /**
   * Every purchase reaches a final state: each one answered 202, and each one payments holds (its answer may have
   * been lost on the way: the client saw no answer, the purchase exists all the same).
   */
  static Verdict purchasesSettle(List<Operation> history, Snapshot snapshot) {
    Set<String> accepted = history.stream()
        .filter(o -> o.op().equals("purchase") && o.status() / 100 == 2 && o.purchaseId() != null)
        .map(Operation::purchaseId).collect(Collectors.toCollection(java.util.TreeSet::new));
    accepted.addAll(snapshot.purchases().keySet());
    return judge("every purchase reaches COMPLETED, FAILED or REFUNDED", accepted, id -> {
      Snapshot.Purchase p = snapshot.purchases().get(id);
      return p != null && FINAL.contains(p.status());
    }, id -> id + " " + (snapshot.purchases().containsKey(id) ? snapshot.purchases().get(id).status() : "missing"));
  }

  /**
   * The processor's ledger: exactly one net charge per COMPLETED purchase, none per any other (a charge for a
   * purchase payments does not hold, or holds unfinished, breaks it too).
   */
  static Verdict oneNetCharge(Snapshot snapshot) {
    Set<String> cases = new java.util.TreeSet<>(snapshot.purchases().keySet());
    cases.addAll(snapshot.succeededCharges().keySet());
    return judge("one net charge per COMPLETED purchase, none per any other", cases, id -> {
      int charged = snapshot.succeededCharges().getOrDefault(id, 0);
      int net = charged - (snapshot.refunded().contains(id) ? 1 : 0);
      Snapshot.Purchase p = snapshot.purchases().get(id);
      return charged <= 1 && net == (p != null && p.status().equals("COMPLETED") ? 1 : 0);
    }, id -> id + " " + (snapshot.purchases().containsKey(id) ? snapshot.purchases().get(id).status() : "unknown")
        + " charged " + snapshot.succeededCharges().getOrDefault(id, 0)
        + (snapshot.refunded().contains(id) ? " refunded" : ""));
  }

  /** A user's idempotency key, sent again, names the same purchase every time. */
  static Verdict keysGiveOnePurchase(List<Operation> history) {
    Map<String, Set<String>> byKey = new HashMap<>();
    history.stream().filter(o -> o.op().equals("purchase") && o.status() / 100 == 2 && o.purchaseId() != null)
        .forEach(o -> byKey.computeIfAbsent(o.user() + " " + o.key(), k -> new HashSet<>()).add(o.purchaseId()));
    return judge("an idempotency key sent again gives the same purchase", byKey.keySet(),
        k -> byKey.get(k).size() == 1, k -> k + " -> " + byKey.get(k));
  }

  /** The purchase-history view, built only from events, says what payments says of every purchase. */
  static Verdict viewMatchesPayments(Snapshot snapshot) {
    return judge("the history view equals payments' own states", snapshot.purchases().values(),
        p -> p.status().equals(snapshot.viewStatus().get(p.id())),
        p -> p.id() + " payments " + p.status() + ", view " + snapshot.viewStatus().get(p.id()));
  }

  /**
   * The view the events built while faults struck equals the one a rebuild from position 0 of every stream gives:
   * row for row (purchases, their steps, the view's copy of the catalog), so no event was lost or applied out of
   * order on the way (the projection makes a repeated event a no-op by construction).
   */
  static Verdict viewEqualsRebuild(Snapshot snapshot) {
    String rule = "the history view equals a rebuild from the streams";
    if (snapshot.rebuildRefusal() != null) {
      return new Verdict(rule, 1, 1, List.of("no rebuild: " + snapshot.rebuildRefusal()));
    }
    Set<String> rows = new java.util.TreeSet<>(snapshot.view().keySet());
    rows.addAll(snapshot.rebuilt().keySet());
    return judge(rule, rows, row -> java.util.Objects.equals(snapshot.view().get(row), snapshot.rebuilt().get(row)),
        row -> row + ": live " + snapshot.view().get(row) + ", rebuilt " + snapshot.rebuilt().get(row));
  }

  /** Every copy of the catalog kept by course events says what courses says: published or withdrawn. */
  static Verdict catalogCopiesAgree(Snapshot snapshot) {
    Map<String, Boolean> truth = snapshot.published().getOrDefault("courses", Map.of());
    Set<String> courses = new java.util.TreeSet<>();
    snapshot.published().values().forEach(copy -> courses.addAll(copy.keySet()));
    return judge("every copy of the catalog says what courses says", courses,
        // A course none of them has (a draft: courses announces a course when it is published) is withdrawn.
        id -> truth.containsKey(id) && snapshot.published().values().stream()
            .allMatch(copy -> truth.get(id) == Boolean.TRUE.equals(copy.get(id))),
        id -> id + " " + new java.util.TreeMap<>(snapshot.published()).entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue().get(id)).collect(Collectors.joining(", ")));
  }

  /**
   * Exactly one enrollment for each COMPLETED purchase, of its user in its course, and none other (the workload
   * grants nothing by hand: an enrollment without a purchase is a course given away).
   */
  static Verdict enrollmentsMatchPurchases(Snapshot snapshot) {
    Map<String, List<Snapshot.Enrollment>> byPurchase = snapshot.enrollments().stream()
        .collect(Collectors.groupingBy(e -> String.valueOf(e.purchaseId())));
    Set<String> cases = new java.util.TreeSet<>(byPurchase.keySet());
    snapshot.purchases().values().stream().filter(p -> p.status().equals("COMPLETED")).map(Snapshot.Purchase::id)
        .forEach(cases::add);
    return judge("exactly one enrollment per COMPLETED purchase, for its user and course, and no other", cases, id -> {
      Snapshot.Purchase p = snapshot.purchases().get(id);
      List<Snapshot.Enrollment> enrolled = byPurchase.getOrDefault(id, List.of());
      return p != null && p.status().equals("COMPLETED") && enrolled.size() == 1
          && enrolled.get(0).userId().equals(p.userId()) && enrolled.get(0).courseId().equals(p.courseId());
    }, id -> id + " enrolled " + byPurchase.getOrDefault(id, List.of()).size() + "x, payments "
        + (snapshot.purchases().containsKey(id) ? snapshot.purchases().get(id).status() : "missing"));
  }

  /** No answer is a server error other than "unavailable, try again" (503) or "too slow" (504). */
  static Verdict noServerErrors(List<Operation> history) {
    return judge("no 500 (no 5xx but 503 and 504)", history,
        o -> o.status() < 500 || o.status() == 503 || o.status() == 504, Checker::describe);
  }

  /** A refusal to serve now (429, 503, 504) says why (problem+json) and when to come back (Retry-After). */
  static Verdict refusalsExplainThemselves(List<Operation> history) {
    return judge("every 429, 503 and 504 is problem+json with Retry-After",
        history.stream().filter(o -> o.status() == 429 || o.status() == 503 || o.status() == 504).toList(),
        o -> o.problem() != null && o.retryAfter() != null, Checker::describe);
  }

  /**
   * Users keep reading while a fault lasts: per fault, the reads sent between the strike and the healing (but those
   * sent to a BFF instance the fault itself killed or froze) answered (2xx) within {@code p99Ms} (a second, by
   * default) at the 99th percentile.
   */
  static Verdict readsDuringFaults(List<Operation> history, List<FaultWindow> faults, long p99Ms) {
    return judge("reads during each fault answered within " + p99Ms + " ms (p99)", faults,
        f -> f.p99(history) <= p99Ms,
        f -> f.fault() + ": " + f.describe(history));
  }

  /** Everyone who was told their account exists (201) can log in with it after the run. */
  static Verdict registeredUsersLogIn(List<Operation> history, Snapshot snapshot) {
    List<String> registered = history.stream().filter(o -> o.op().equals("register") && o.status() == 201)
        .map(Operation::user).distinct().toList();
    return judge("every user who got 201 on register can log in afterwards", registered,
        u -> snapshot.loginAfter().getOrDefault(u, 0) == 200, u -> u + " " + snapshot.loginAfter().get(u));
  }

  /** Once the last fault healed, every member is ready again, and every service instance's record is published. */
  static Verdict everyMemberReady(Snapshot snapshot) {
    return judge("every member ready (a service's record in discovery) after the last fault",
        snapshot.ready().keySet(), m -> snapshot.ready().get(m), m -> m);
  }

  private static <T> Verdict judge(String rule, java.util.Collection<T> cases, Predicate<T> holds,
                                   Function<T, String> describe) {
    List<String> first = new ArrayList<>();
    long violations = 0;
    for (T c : cases) {
      if (!holds.test(c)) {
        if (violations++ < Verdict.SHOWN) {
          first.add(describe.apply(c));
        }
      }
    }
    return new Verdict(rule, cases.size(), violations, first);
  }

  private static String describe(Operation o) {
    return "#" + o.index() + " " + o.op() + " " + o.status() + " at " + o.startMs() + " ms via " + o.target();
  }
}
