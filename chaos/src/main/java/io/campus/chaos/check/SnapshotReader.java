package io.campus.chaos.check;

import io.campus.chaos.history.Operation;
import io.campus.chaos.system.ChaosCluster;
import io.campus.chaos.workload.Workload;
import io.campus.contracts.Services;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a {@link Snapshot} of the running system: its databases over JDBC, the processor and the BFFs over HTTP. */
public final class SnapshotReader {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private SnapshotReader() {
  }

  /** How many accepted purchases are not final yet (the settling period waits for none). */
  public static long unsettled(ChaosCluster cluster) {
    return query(cluster.jdbcUrl("payments"), "SELECT count(*) FROM purchase WHERE status IN ('PENDING', 'PAID') "
        + "OR refund_due", rs -> rs.getLong(1)).get(0);
  }

  public static Snapshot read(ChaosCluster cluster, List<Operation> history) {
    Map<String, Snapshot.Purchase> purchases = new HashMap<>();
    query(cluster.jdbcUrl("payments"), "SELECT id, user_id, course_id, idempotency_key, status FROM purchase",
        rs -> new Snapshot.Purchase(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5))).forEach(p -> purchases.put(p.id(), p));
    Map<String, String> view = new HashMap<>();
    query(cluster.jdbcUrl("purchase-history"), "SELECT purchase_id, status FROM purchase",
        rs -> Map.entry(rs.getString(1), rs.getString(2))).forEach(e -> view.put(e.getKey(), e.getValue()));
    List<Snapshot.Enrollment> enrollments = query(cluster.jdbcUrl("users"),
        "SELECT user_id, course_id, purchase_id FROM enrollment",
        rs -> new Snapshot.Enrollment(rs.getString(1), rs.getString(2), rs.getString(3)));
    JsonObject stats = new JsonObject(get(cluster.sandbox() + "/admin/stats").body());
    Map<String, Integer> charges = new HashMap<>();
    stats.getJsonObject("succeededChargesByReference").forEach(e -> charges.put(e.getKey(), (Integer) e.getValue()));
    Set<String> refunded = new HashSet<>();
    stats.getJsonArray("refundKeys").forEach(k -> refunded.add(((String) k).replaceFirst("^refund-", "")));
    Map<String, Integer> logins = new java.util.concurrent.ConcurrentHashMap<>();
    String web = cluster.webs().get(0);
    // A few at a time: each login hashes a password, which users does on two workers.
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.concurrent.CompletableFuture.allOf(history.stream()
          .filter(o -> o.op().equals("register") && o.status() == 201).map(Operation::user).distinct()
          .map(user -> java.util.concurrent.CompletableFuture.runAsync(() -> logins.put(user, login(web, user)), pool))
          .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
    } finally {
      pool.shutdown();
    }
    Map<String, Boolean> ready = new HashMap<>();
    cluster.members().forEach(m -> ready.put(m.name(), ready(m)));
    return new Snapshot(purchases, view, enrollments, charges, refunded, logins, ready);
  }

  /** The purchases whose view status differs from payments' (the view follows payments' events). */
  public static long viewBehind(ChaosCluster cluster) {
    Map<String, String> payments = new HashMap<>();
    query(cluster.jdbcUrl("payments"), "SELECT id, status FROM purchase", rs -> Map.entry(rs.getString(1),
        rs.getString(2))).forEach(e -> payments.put(e.getKey(), e.getValue()));
    query(cluster.jdbcUrl("purchase-history"), "SELECT purchase_id, status FROM purchase",
        rs -> Map.entry(rs.getString(1), rs.getString(2))).forEach(e -> payments.remove(e.getKey(), e.getValue()));
    return payments.size();
  }

  private static int login(String web, String email) {
    try {
      return sendLogin(web, email);
    } catch (IllegalStateException e) {
      return 0; // no answer: the rule reports it
    }
  }

  private static int sendLogin(String web, String email) {
    return send(HttpRequest.newBuilder(URI.create(web + "/api/auth/login")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", email)
            .put("password", Workload.PASSWORD).encode())).build()).statusCode();
  }

  /**
   * Ready, and for a service instance also registered: its readiness includes {@code <service>.discovery}, whether
   * its record is in the cluster's registry.
   */
  private static boolean ready(ChaosCluster.Member member) {
    try {
      HttpResponse<String> answer = get(member.readiness());
      if (answer.statusCode() != 200 || !Services.ALL.contains(member.kind())) {
        return answer.statusCode() == 200;
      }
      return new JsonObject(answer.body()).getJsonArray("checks").stream().map(JsonObject.class::cast)
          .anyMatch(c -> c.getString("id").equals(member.kind() + ".discovery") && c.getString("status").equals("UP"));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(request.uri() + " did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> query(String jdbcUrl, String sql, RowMapper<T> mapper) {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + jdbcUrl.replaceFirst("\\?.*", "") + ": " + e.getMessage(), e);
    }
  }
}
