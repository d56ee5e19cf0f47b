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
    Map<String, String> rows = viewRows(cluster);
    Map<String, Map<String, Boolean>> published = published(cluster); // the live copies, before the rebuild
    String refusal = rebuild(cluster.webs());
    Map<String, String> rebuilt = refusal == null ? viewRows(cluster) : Map.of();
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
    return new Snapshot(purchases, view, rows, rebuilt, refusal, published, enrollments, charges, refunded, logins,
        ready);
  }

  /** The courses whose copies (payments', users', the history view's) do not say yet what courses says. */
  public static long catalogBehind(ChaosCluster cluster) {
    Map<String, Map<String, Boolean>> published = published(cluster);
    Map<String, Boolean> truth = published.get("courses");
    return truth.keySet().stream().filter(id -> published.values().stream()
        .anyMatch(copy -> truth.get(id) != Boolean.TRUE.equals(copy.get(id)))).count();
  }

  /** Whether each course is published, by holder: courses, and each service that keeps a copy from its events. */
  private static Map<String, Map<String, Boolean>> published(ChaosCluster cluster) {
    Map<String, String> sql = Map.of("courses", "SELECT id, published FROM course",
        "payments", "SELECT course_id, published FROM price", "users", "SELECT id, published FROM course",
        "purchase-history", "SELECT id, published FROM course");
    Map<String, Map<String, Boolean>> published = new HashMap<>();
    sql.forEach((service, select) -> published.put(service, new HashMap<>()));
    sql.forEach((service, select) -> query(cluster.jdbcUrl(service), select,
        rs -> published.get(service).put(rs.getString(1), rs.getBoolean(2))));
    return published;
  }

  /**
   * Every row of the history view, keyed by what names it ({@code purchase <id>}, {@code step <id> <status>},
   * {@code course <id>}), with every column's value.
   */
  private static Map<String, String> viewRows(ChaosCluster cluster) {
    Map<String, String> rows = new HashMap<>();
    String url = cluster.jdbcUrl("purchase-history");
    query(url, "SELECT purchase_id, user_id, course_id, course_slug, course_title, price_amount, price_currency, "
        + "status, reason, started_at, updated_at FROM purchase", rs -> rows.put("purchase " + rs.getString(1), row(rs)));
    query(url, "SELECT purchase_id, status, reached_at FROM purchase_step",
        rs -> rows.put("step " + rs.getString(1) + " " + rs.getString(2), row(rs)));
    query(url, "SELECT id, slug, title, published, updated_at FROM course",
        rs -> rows.put("course " + rs.getString(1), row(rs)));
    return rows;
  }

  private static String row(ResultSet rs) throws SQLException {
    List<String> columns = new ArrayList<>();
    for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
      columns.add(rs.getString(i));
    }
    return String.join(" | ", columns);
  }

  /**
   * Asks bff-web, as the admin, to rebuild the history view from position 0 of every stream; it answers once the new
   * view is in place. Each instance in turn, three rounds, so that one refusal of the moment (a projector taking
   * over) is not taken for the system's. Null when it was rebuilt, else what answered last instead.
   */
  private static String rebuild(List<String> webs) {
    String refusal = null;
    for (int round = 0; round < 3; round++) {
      for (String web : webs) {
        refusal = rebuild(web);
        if (refusal == null) {
          return null;
        }
      }
      try {
        Thread.sleep(5_000); // the Retry-After of an unavailable service
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return refusal;
      }
    }
    return refusal;
  }

  private static String rebuild(String web) {
    try {
      HttpResponse<String> login = sendLogin(web, ChaosCluster.ADMIN_EMAIL, ChaosCluster.ADMIN_PASSWORD);
      if (login.statusCode() != 200) {
        return web + ": the admin's login answered " + login.statusCode() + " " + login.body();
      }
      HttpResponse<String> rebuilt = send(HttpRequest.newBuilder(URI.create(web + "/api/admin/history/rebuild"))
          .timeout(Duration.ofSeconds(150)).header("Authorization", "Bearer "
              + new JsonObject(login.body()).getString("accessToken"))
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      return rebuilt.statusCode() == 200 ? null : web + ": " + rebuilt.statusCode() + " " + rebuilt.body();
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
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
      return sendLogin(web, email, Workload.PASSWORD).statusCode();
    } catch (IllegalStateException e) {
      return 0; // no answer: the rule reports it
    }
  }

  private static HttpResponse<String> sendLogin(String web, String email, String password) {
    return send(HttpRequest.newBuilder(URI.create(web + "/api/auth/login")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", email)
            .put("password", password).encode())).build());
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
