package io.campus.bench.load;

import io.campus.bench.system.Campus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The requests of each scenario, and what they need first: signed-in users (registered and logged in over the API,
 * a few at a time, since password hashing is deliberately slow) and the catalog's course ids.
 */
final class Workloads {

  static final String PASSWORD = "correct horse battery";
  private static final String[] QUERIES = {"", "q=java", "q=web", "q=data", "q=security", "q=testing", "tag=programming",
      "q=design&size=10", "page=2&size=5", "q=cloud", "tag=web", "q=sql&page=1&size=10"};

  private Workloads() {
  }

  /** A signed-in user of the bench. */
  record User(String email, String token) {
  }

  static IntFunction<Request> catalog(Campus campus) {
    return i -> Request.get(campus.web() + "/api/courses?" + QUERIES[i % QUERIES.length], null);
  }

  static IntFunction<Request> home(Campus campus, List<User> users) {
    return i -> Request.get(campus.web() + "/api/home", users.get(i % users.size()).token());
  }

  static IntFunction<Request> feed(Campus campus, List<User> users) {
    return i -> Request.get(campus.mobile() + "/api/feed", users.get(i % users.size()).token());
  }

  /**
   * 70% reads (the signed-in home and the catalog, in turn), 25% purchases (each user buys each course once, in
   * order) and 5% logins, interleaved in every 20 requests.
   */
  static IntFunction<Request> mixed(Campus campus, List<User> users, List<String> courses) {
    IntFunction<Request> home = home(campus, users);
    IntFunction<Request> catalog = catalog(campus);
    int[] bought = new int[users.size()];
    return i -> {
      int slot = i % 20;
      int u = (i / 20) % users.size();
      User user = users.get(u);
      if (slot < 14) {
        return slot % 2 == 0 ? home.apply(i) : catalog.apply(i);
      }
      if (slot < 19) {
        String course = courses.get(bought[u]++ % courses.size());
        return Request.post(campus.web() + "/api/purchases", user.token(),
            Map.of("Idempotency-Key", UUID.randomUUID().toString()), new JsonObject().put("courseId", course).encode());
      }
      return Request.post(campus.web() + "/api/auth/login", null, Map.of(),
          new JsonObject().put("email", user.email()).put("password", PASSWORD).encode());
    };
  }

  /** Registers and signs in {@code count} users, two at a time. */
  static List<User> users(LoadGenerator http, Campus campus, int count) {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < count; i += 2) {
      List<Future<User>> pair = new ArrayList<>();
      for (int j = i; j < Math.min(count, i + 2); j++) {
        String email = "bench-" + UUID.randomUUID() + "@example.org";
        JsonObject credentials = new JsonObject().put("email", email).put("password", PASSWORD);
        Request register = Request.post(campus.web() + "/api/auth/register", null, Map.of(),
            credentials.copy().put("name", "Bench").encode());
        Request login = Request.post(campus.web() + "/api/auth/login", null, Map.of(), credentials.encode());
        pair.add(retried(http, register, 5)
            .compose(r -> retried(http, login, 5))
            .map(answer -> new User(email, answer.getString("accessToken"))));
      }
      Future.all(pair).await();
      pair.forEach(f -> users.add(f.result()));
    }
    return users;
  }

  /**
   * Hashing is slow and bounded, so on a loaded machine (a profiler in seven JVMs) a sign-in can time out: try
   * again. A 409 means an earlier try was stored after all.
   */
  private static Future<JsonObject> retried(LoadGenerator http, Request request, int attempts) {
    return http.json(request).recover(e -> {
      if (e.getMessage() != null && e.getMessage().contains(": 409 ")) {
        return Future.succeededFuture(new JsonObject());
      }
      return attempts <= 1 ? Future.failedFuture(e) : http.pause(1_000).compose(v -> retried(http, request,
          attempts - 1));
    });
  }

  /** The ids of the published courses. */
  static List<String> courses(LoadGenerator http, Campus campus) {
    JsonArray items = http.json(Request.get(campus.web() + "/api/courses?size=100", null)).await().getJsonArray("items");
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
