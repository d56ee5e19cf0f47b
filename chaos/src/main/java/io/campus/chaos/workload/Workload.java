package io.campus.chaos.workload;

import io.campus.chaos.history.History;
import io.campus.chaos.history.Operation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The users of the run: an open loop at a fixed rate (a request is sent at its time whether or not earlier ones were
 * answered) of a seeded random mix, spread over the web BFF's instances, each request and its answer appended to
 * the history as the answer comes. The mix: catalog reads 28 %, signed-in home 20 %, purchases 25 % (one in five
 * repeats the user's last idempotency key for the same course), a purchase's status 5 %, profile changes 8 %, logins
 * 5 %, registrations 7 %, and 2 % an admin withdrawing or publishing again one of two courses of the catalog (which
 * purchases keep asking for).
 */
public final class Workload {

  public static final String PASSWORD = "correct horse battery staple";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String[] QUERIES = {"", "q=java", "q=web", "q=data", "tag=programming", "page=2&size=5"};
  /** Tokens live 15 minutes: the admin signs in again after 10. */
  private static final long ADMIN_TOKEN_MS = 600_000;

  /** A registered user, their last token, and their last purchase (its key, course and id). */
  private static final class Account {
    final String email;
    final String password;
    volatile String token;
    volatile long signedInAt;
    volatile String lastKey;
    volatile String lastCourse;
    volatile String lastPurchase;

    Account(String email, String password) {
      this.email = email;
      this.password = password;
    }
  }

  private final List<String> webs;
  private final List<String> courses;
  private final long seed;
  private final History history;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Account> signedIn = new CopyOnWriteArrayList<>();
  private final Account admin;
  /** The courses the admin withdraws and publishes again, and whether each is published (as last asked). */
  private final Map<String, Boolean> toggled = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<Operation>> inFlight = new ConcurrentHashMap<>();
  private long started;

  public Workload(List<String> webs, List<Course> courses, long seed, History history, String adminEmail,
                  String adminPassword) {
    this.webs = webs;
    this.courses = courses.stream().map(Course::id).toList();
    this.seed = seed;
    this.history = history;
    this.admin = new Account(adminEmail, adminPassword);
    for (int i = 1; i <= 2; i++) {
      toggled.put(this.courses.get((int) Math.floorMod(seed + i, (long) this.courses.size())), true);
    }
  }

  /** A course of the catalog: its id and its price's amount. */
  public record Course(String id, long amount) {
  }

  /** The catalog, as a visitor sees it. */
  public static List<Course> catalog(String web) {
    try {
      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(web + "/api/courses?size=50")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      JsonArray items = new JsonObject(page.body()).getJsonArray("items");
      List<Course> courses = new ArrayList<>();
      items.forEach(item -> courses.add(new Course(((JsonObject) item).getString("id"),
          ((JsonObject) item).getJsonObject("price").getLong("amount"))));
      return courses;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signs the admin in and registers and signs in {@code users} users, all at once, before the load (recorded with
   * negative indexes): password hashing is slow by design, and a load that starts with nobody signed in would be all
   * registrations.
   */
  public void prepare(int users) {
    started = System.nanoTime();
    // A system that just started may still refuse for a moment (a BFF's circuit opened while users was starting):
    // the admin signs in as a client would, again after the Retry-After, a few times.
    for (int attempt = 1; admin.token == null; attempt++) {
      Operation answer = login(-(users + 1), webs.get(0), admin).join();
      if (admin.token == null && attempt == 5) {
        throw new IllegalStateException("the admin " + admin.email + " could not sign in: " + answer);
      }
      if (admin.token == null) {
        String after = answer.retryAfter();
        LockSupport.parkNanos(Duration.ofSeconds(after == null || !after.matches("\\d{1,2}") ? 1
            : Math.min(10, Long.parseLong(after))).toNanos());
      }
    }
    CompletableFuture.allOf(java.util.stream.IntStream.rangeClosed(1, users)
        .mapToObj(i -> register(-i, webs.get(i % webs.size()), "chaos-" + seed + "-user-" + i + "@example.org"))
        .toArray(CompletableFuture[]::new)).join();
  }

  /** Sends {@code rate} requests a second for {@code duration}, then waits (at most the timeout) for the rest. */
  public void run(int rate, Duration duration) {
    long count = duration.toSeconds() * rate;
    for (long i = 0; i < count; i++) {
      long due = started + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      long index = i;
      CompletableFuture<Operation> sent = send(index, new Random(seed * 1_000_003L + index));
      inFlight.put(index, sent);
      sent.whenComplete((v, e) -> inFlight.remove(index));
    }
    try { // a registration and its login: two timeouts
      CompletableFuture.allOf(inFlight.values().toArray(CompletableFuture[]::new))
          .get(TIMEOUT.toSeconds() * 2 + 10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // what is still unanswered is recorded as unanswered by its own timeout
    }
  }

  /** The load's time 0, from which {@link #now} and the nemesis' schedule count. */
  public void startClock() {
    started = System.nanoTime();
  }

  /** Milliseconds since the load started (since {@link #prepare} began, before it did). */
  public long now() {
    return (System.nanoTime() - started) / 1_000_000;
  }

  private CompletableFuture<Operation> send(long index, Random random) {
    String web = webs.get((int) (index % webs.size()));
    int dice = random.nextInt(100);
    Account account = signedIn.isEmpty() ? null : signedIn.get(random.nextInt(signedIn.size()));
    if (account == null || dice < 7) {
      return register(index, web, "chaos-" + seed + "-" + index + "@example.org");
    }
    if (dice < 35) {
      return call(index, "catalog", web, null, null, null,
          get(web + "/api/courses?" + QUERIES[random.nextInt(QUERIES.length)], null), answer -> { });
    }
    if (dice < 37) {
      return admin(index, web, random);
    }
    if (dice < 57) {
      return call(index, "home", web, account, null, null, get(web + "/api/home", account.token), answer -> { });
    }
    if (dice < 82) {
      boolean repeat = account.lastKey != null && random.nextInt(5) == 0;
      String key = repeat ? account.lastKey : "key-" + seed + "-" + index;
      String course = repeat ? account.lastCourse : courses.get(random.nextInt(courses.size()));
      account.lastKey = key;
      account.lastCourse = course;
      HttpRequest request = json(web + "/api/purchases", account.token, "POST",
          new JsonObject().put("courseId", course)).header("Idempotency-Key", key).build();
      return call(index, "purchase", web, account, key, course, request, answer -> {
        String id = answer.getString("purchaseId");
        if (id != null) {
          account.lastPurchase = id;
        }
      });
    }
    if (dice < 87 && account.lastPurchase != null) {
      return call(index, "purchase-status", web, account, null, null,
          get(web + "/api/purchases/" + account.lastPurchase, account.token), answer -> { });
    }
    if (dice < 95) {
      return call(index, "profile", web, account, null, null, json(web + "/api/me", account.token, "PATCH",
          new JsonObject().put("name", "Chaos " + index)).build(), answer -> { });
    }
    return login(index, web, account);
  }

  /** Withdraws one of the toggled courses, or publishes it again, whichever was asked last. */
  private CompletableFuture<Operation> admin(long index, String web, Random random) {
    if (System.currentTimeMillis() - admin.signedInAt > ADMIN_TOKEN_MS) {
      return login(index, web, admin);
    }
    String course = toggled.keySet().stream().sorted().toList().get(random.nextInt(toggled.size()));
    boolean publish = !toggled.get(course);
    toggled.put(course, publish);
    HttpRequest request = HttpRequest.newBuilder(URI.create(web + "/api/admin/courses/" + course
            + (publish ? "/publish" : "/unpublish"))).timeout(TIMEOUT).header("Authorization", "Bearer " + admin.token)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    return call(index, publish ? "publish" : "withdraw", web, admin, null, course, request, answer -> { });
  }

  private CompletableFuture<Operation> register(long index, String web, String email) {
    Account account = new Account(email, PASSWORD);
    HttpRequest request = json(web + "/api/auth/register", null, "POST", new JsonObject().put("email", email)
        .put("password", PASSWORD).put("name", "Chaos " + index)).build();
    java.util.concurrent.atomic.AtomicBoolean created = new java.util.concurrent.atomic.AtomicBoolean();
    return call(index, "register", web, account, null, null, request, answer -> created.set(true))
        .thenCompose(v -> created.get() ? login(index, web, account) : CompletableFuture.completedFuture(null));
  }

  private CompletableFuture<Operation> login(long index, String web, Account account) {
    HttpRequest request = json(web + "/api/auth/login", null, "POST", new JsonObject().put("email", account.email)
        .put("password", account.password)).build();
    return call(index, "login", web, account, null, null, request, answer -> {
      String token = answer.getString("accessToken");
      if (token != null) {
        boolean first = account.token == null;
        account.token = token;
        account.signedInAt = System.currentTimeMillis();
        if (first && account != admin) {
          signedIn.add(account);
        }
      }
    });
  }

  /**
   * Sends, records the answer (or its absence), hands a 2xx JSON body to {@code onAnswer}, and completes with what it
   * recorded.
   */
  private CompletableFuture<Operation> call(long index, String op, String web, Account account, String key, String course,
                                       HttpRequest request, java.util.function.Consumer<JsonObject> onAnswer) {
    long start = now();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
      long end = now();
      String user = account == null ? null : account.email;
      if (failure != null) {
        Operation unanswered = new Operation(index, op, web, user, key, course, 0, null, null, null, start, end);
        history.append(unanswered);
        return unanswered;
      }
      JsonObject body = parse(response.body());
      boolean problem = response.headers().firstValue("Content-Type").orElse("")
          .startsWith("application/problem+json");
      String id = text(body, "purchaseId");
      Operation answered = new Operation(index, op, web, user, key, course, response.statusCode(),
          id != null ? id : text(body, "id"), problem ? Objects.requireNonNullElse(text(body, "code"), "problem")
          : null, response.headers().firstValue("Retry-After").orElse(null), start, end);
      history.append(answered);
      if (response.statusCode() < 300 && body != null) {
        onAnswer.accept(body);
      }
      return answered;
    });
  }

  /** A string field of an answer, or null: an answer of another shape is recorded, never dropped. */
  private static String text(JsonObject body, String field) {
    return body != null && body.getValue(field) instanceof String value ? value : null;
  }

  private static JsonObject parse(String body) {
    try {
      return body == null || body.isBlank() ? null : new JsonObject(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static HttpRequest get(String url, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.build();
  }

  private static HttpRequest.Builder json(String url, String token, String method, JsonObject body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }
}
