package io.campus.chaos.check;

import io.campus.chaos.history.Operation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker finds each kind of violation a run can hide (each test breaks one rule on an otherwise sound run) and
 * passes a sound run.
 */
class CheckerTest {

  private final List<Operation> history = new ArrayList<>();
  private final Map<String, Snapshot.Purchase> purchases = new HashMap<>();
  private final Map<String, String> view = new HashMap<>();
  private final Map<String, String> viewRows = new HashMap<>(Map.of("purchase p1", "u-ann | COMPLETED",
      "step p1 PAID", "2026-12-01 10:00:01", "course c-p1", "true"));
  private final Map<String, String> rebuilt = new HashMap<>(viewRows);
  private String rebuildRefusal;
  private final Map<String, Map<String, Boolean>> published = new HashMap<>(Map.of(
      "courses", new HashMap<>(Map.of("c-p1", true, "c-p2", false)),
      "payments", new HashMap<>(Map.of("c-p1", true, "c-p2", false)),
      "users", new HashMap<>(Map.of("c-p1", true, "c-p2", false))));
  private final List<Snapshot.Enrollment> enrollments = new ArrayList<>();
  private final Map<String, Integer> charges = new HashMap<>();
  private final java.util.Set<String> refunded = new java.util.HashSet<>();
  private final Map<String, Integer> logins = new HashMap<>();
  private final Map<String, Boolean> ready = new HashMap<>(Map.of("payments-1", true, "bff-web-2", true));
  private final List<FaultWindow> faults = new ArrayList<>(List.of(
      new FaultWindow("kill bff-web-2", 1_000, 3_000, "http://127.0.0.1:2")));

  CheckerTest() {
    // A sound run: ann registers and buys twice (once completed, once declined), repeating the first key once.
    op("register", "ann", null, 201, null, null, null);
    op("purchase", "ann", "k1", 202, "p1", null, null);
    op("purchase", "ann", "k1", 200, "p1", null, null);
    op("purchase", "ann", "k2", 202, "p2", null, null);
    op("catalog", null, null, 503, null, "UNAVAILABLE", "1");
    op("home", "ann", null, 0, null, null, null); // no answer: its BFF was being killed
    purchase("p1", "k1", "COMPLETED", 1);
    purchase("p2", "k2", "FAILED", 0);
    enrollments.add(new Snapshot.Enrollment("u-ann", "c-p1", "p1"));
    logins.put("ann", 200);
  }

  @Test
  @DisplayName("a sound run passes every rule")
  void soundRun() {
    List<Verdict> verdicts = check();
    assertTrue(verdicts.stream().allMatch(Verdict::holds), verdicts.toString());
    assertEquals(12, verdicts.size());
  }

  @Test
  @DisplayName("a purchase answered 202 that never settled")
  void unsettled() {
    purchase("p2", "k2", "PENDING", 0);
    assertBroken("every purchase reaches COMPLETED, FAILED or REFUNDED", "p2 PENDING");
  }

  @Test
  @DisplayName("a purchase whose answer never came (no 202 in the history) that payments left unsettled and charged")
  void lostAnswer() {
    purchase("p3", "k3", "PAID", 1);
    Verdict settled = verdict("every purchase reaches COMPLETED, FAILED or REFUNDED");
    assertEquals(1, settled.violations(), settled.toString());
    Verdict charged = verdict("one net charge per COMPLETED purchase, none per any other");
    assertEquals(List.of("p3 PAID charged 1"), charged.first());
  }

  @Test
  @DisplayName("a charge at the processor for a purchase payments does not hold")
  void chargeWithoutPurchase() {
    charges.put("p9", 1);
    assertBroken("one net charge per COMPLETED purchase, none per any other", "p9 unknown charged 1");
  }

  @Test
  @DisplayName("a course given away (an enrollment with no purchase), and one enrolled for the wrong user")
  void givenAway() {
    enrollments.add(new Snapshot.Enrollment("u-bob", "c-p1", null));
    assertBroken("exactly one enrollment per COMPLETED purchase, for its user and course, and no other", "null");
    enrollments.clear();
    enrollments.add(new Snapshot.Enrollment("u-bob", "c-p1", "p1"));
    assertBroken("exactly one enrollment per COMPLETED purchase, for its user and course, and no other", "p1");
  }

  @Test
  @DisplayName("a purchase answered 202 that payments does not know")
  void lost() {
    purchases.remove("p2");
    view.remove("p2");
    assertBroken("every purchase reaches COMPLETED, FAILED or REFUNDED", "p2 missing");
  }

  @Test
  @DisplayName("a completed purchase charged twice, and a failed one charged at all")
  void charges() {
    charges.put("p1", 2);
    charges.put("p2", 1);
    Verdict verdict = verdict("one net charge per COMPLETED purchase, none per any other");
    assertEquals(2, verdict.violations(), verdict.toString());
  }

  @Test
  @DisplayName("a refunded purchase whose refund never reached the processor")
  void refundMissing() {
    purchase("p2", "k2", "REFUNDED", 1);
    assertBroken("one net charge per COMPLETED purchase, none per any other", "p2 REFUNDED charged 1");
    refunded.add("p2");
    assertTrue(verdict("one net charge per COMPLETED purchase, none per any other").holds());
  }

  @Test
  @DisplayName("one idempotency key that gave two purchases")
  void keyTwice() {
    op("purchase", "ann", "k1", 202, "p3", null, null);
    purchase("p3", "k1", "FAILED", 0);
    assertBroken("an idempotency key sent again gives the same purchase", "ann k1");
  }

  @Test
  @DisplayName("a view that lags behind payments")
  void viewBehind() {
    view.put("p1", "PAID");
    assertBroken("the history view equals payments' own states", "p1 payments COMPLETED, view PAID");
  }

  @Test
  @DisplayName("a completed purchase without its enrollment, and an enrollment for a failed one")
  void enrollments() {
    enrollments.clear();
    enrollments.add(new Snapshot.Enrollment("u-ann", "c-p2", "p2"));
    Verdict verdict = verdict("exactly one enrollment per COMPLETED purchase, for its user and course, and no other");
    assertEquals(2, verdict.violations(), verdict.toString());
  }

  @Test
  @DisplayName("a 500, and a 503 without Retry-After or without problem+json")
  void errors() {
    op("home", "ann", null, 500, null, "INTERNAL", null);
    op("purchase", "ann", "k9", 503, null, "UNAVAILABLE", null);
    op("catalog", null, null, 504, null, null, "1");
    assertEquals(1, verdict("no 500 (no 5xx but 503 and 504)").violations());
    assertEquals(2, verdict("every 429, 503 and 504 is problem+json with Retry-After").violations());
  }

  @Test
  @DisplayName("a user told 201 who cannot log in afterwards")
  void accountLost() {
    logins.put("ann", 401);
    assertBroken("every user who got 201 on register can log in afterwards", "ann 401");
  }

  @Test
  @DisplayName("a view that lost a step on the way, or was refused a rebuild")
  void viewNotARebuild() {
    viewRows.remove("step p1 PAID");
    assertBroken("the history view equals a rebuild from the streams", "step p1 PAID: live null, rebuilt 2026");
    viewRows.put("step p1 PAID", rebuilt.get("step p1 PAID"));
    rebuildRefusal = "503 a producer did not answer";
    assertBroken("the history view equals a rebuild from the streams", "no rebuild: 503");
  }

  @Test
  @DisplayName("a copy of the catalog that missed a withdrawal, or a course courses does not hold; a draft is in none")
  void catalogCopy() {
    published.get("courses").put("c-draft", false); // never published: announced to nobody yet
    assertTrue(check().stream().allMatch(Verdict::holds), check().toString());
    published.get("payments").put("c-p1", true);
    published.get("users").put("c-p1", false);
    assertBroken("every copy of the catalog says what courses says", "c-p1 courses true, payments true, users false");
    published.get("users").put("c-p1", true);
    published.get("users").put("c-ghost", true);
    assertBroken("every copy of the catalog says what courses says", "c-ghost courses null");
  }

  @Test
  @DisplayName("reads slow or refused while a fault lasted (the struck BFF's own reads aside), and a fault that never "
      + "healed")
  void slowReads() {
    for (int i = 0; i < 99; i++) {
      read("http://127.0.0.1:1", 1_100 + i, 1_150 + i, 200);
    }
    read("http://127.0.0.1:2", 1_200, 6_200, 0); // sent to the BFF the fault killed: not the system's to answer
    read("http://127.0.0.1:1", 4_000, 6_000, 200); // after the healing
    assertTrue(check().stream().allMatch(Verdict::holds), "nothing slow yet: " + check());
    read("http://127.0.0.1:1", 1_300, 2_400, 200);
    read("http://127.0.0.1:1", 1_310, 2_500, 200);
    assertBroken("reads during each fault answered within 1000 ms (p99)",
        "kill bff-web-2: 101 reads, 0 not answered, p99 1100 ms");
    // The run's quick 503, its unanswered home (at 40 and 50 ms) and the struck BFF's read are failed reads now.
    faults.set(0, new FaultWindow("pause users-1", 0, Long.MAX_VALUE, null));
    assertBroken("reads during each fault answered within 1000 ms (p99)",
        "pause users-1: 105 reads, 3 not answered, p99 none");
  }

  @Test
  @DisplayName("a member that never came back")
  void memberDown() {
    ready.put("users-2", false);
    assertBroken("every member ready (a service's record in discovery) after the last fault", "users-2");
  }

  private void assertBroken(String rule, String first) {
    Verdict verdict = verdict(rule);
    assertEquals(1, verdict.violations(), verdict.toString());
    assertTrue(verdict.first().get(0).startsWith(first), verdict.toString());
    assertEquals(11, check().stream().filter(Verdict::holds).count(), "only that rule broke: " + check());
  }

  private Verdict verdict(String rule) {
    return check().stream().filter(v -> v.rule().equals(rule)).findFirst().orElseThrow();
  }

  private List<Verdict> check() {
    return Checker.check(history, faults, 1_000, new Snapshot(purchases, view, viewRows, rebuilt, rebuildRefusal, published,
        enrollments, charges, Set.copyOf(refunded), logins, ready));
  }

  private void purchase(String id, String key, String status, int charged) {
    purchases.put(id, new Snapshot.Purchase(id, "u-ann", "c-" + id, key, status));
    view.put(id, status);
    charges.put(id, charged);
  }

  private void read(String target, long startMs, long endMs, int status) {
    history.add(new Operation(history.size(), "catalog", target, null, null, null, status, null, null, null, startMs,
        endMs));
  }

  private void op(String op, String user, String key, int status, String purchaseId, String problem,
                  String retryAfter) {
    long i = history.size();
    history.add(new Operation(i, op, "http://127.0.0.1:1", user, key, null, status, purchaseId, problem, retryAfter,
        i * 10, i * 10 + 5));
  }
}
