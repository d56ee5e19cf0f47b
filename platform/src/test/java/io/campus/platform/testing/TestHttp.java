package io.campus.platform.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP client of the tests: a BFF (or any Campus HTTP port) at {@code base}, real HTTP, and a timeout on every
 * request that is also the bound the test asserts ("answers within 1 s" is {@code within(Duration.ofSeconds(1))}).
 */
public final class TestHttp {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** The password of every account the tests register. */
  public static final String PASSWORD = "correct horse battery";

  private final String base;
  private final Duration timeout;

  public TestHttp(String base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
  }

  /** {@code http://127.0.0.1:port}, 10 s per request. */
  public static TestHttp at(int port) {
    return new TestHttp("http://127.0.0.1:" + port, Duration.ofSeconds(10));
  }

  /** The same server, with {@code timeout} per request. */
  public TestHttp within(Duration timeout) {
    return new TestHttp(base, timeout);
  }

  public String base() {
    return base;
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null, null);
  }

  public HttpResponse<String> get(String path, String token) {
    return send("GET", path, null, token);
  }

  public HttpResponse<String> post(String path, JsonObject body) {
    return send("POST", path, body.encode(), null);
  }

  public HttpResponse<String> post(String path, JsonObject body, String token) {
    return send("POST", path, body.encode(), token);
  }

  /** Any request; {@code body} sent as JSON when not null, {@code token} as a bearer token when not null. */
  public HttpResponse<String> send(String method, String path, String body, String token, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + path, e);
    }
  }

  /** The body of a 200, as JSON. */
  public JsonObject json(String path, String token) {
    HttpResponse<String> response = get(path, token);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return new JsonObject(response.body());
  }

  /** Registers a new account named {@code name} (a fresh email) and signs it in: its access token. */
  public String signIn(String name) {
    return account(name).token();
  }

  /** A registered, signed-in account: its id and access token. */
  public record Account(UUID id, String token) {
  }

  /** Registers a new account named {@code name} (a fresh email) and signs it in. */
  public Account account(String name) {
    String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
    JsonObject account = new JsonObject().put("email", email).put("password", PASSWORD).put("name", name);
    HttpResponse<String> registered = post("/api/auth/register", account);
    assertEquals(201, registered.statusCode(), registered.body());
    account.remove("name");
    HttpResponse<String> login = post("/api/auth/login", account);
    assertEquals(200, login.statusCode(), login.body());
    return new Account(UUID.fromString(new JsonObject(registered.body()).getString("id")),
        new JsonObject(login.body()).getString("accessToken"));
  }

  /** The id of the published course {@code slug}, from the catalog. */
  public String courseId(String slug) {
    return json("/api/courses/" + slug, null).getString("id");
  }

  /** Starts buying {@code courseId} with the idempotency key {@code key} (202 when accepted). */
  public HttpResponse<String> buy(String token, String courseId, String key) {
    return send("POST", "/api/purchases", new JsonObject().put("courseId", courseId).encode(), token,
        "Idempotency-Key", key);
  }

  /**
   * Asserts an RFC 9457 problem answer: {@code status}, {@code application/problem+json}, the Campus {@code code}, a
   * detail, and a {@code Retry-After} on 429, 503 and 504. Answers the problem.
   */
  public static JsonObject problem(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
    JsonObject problem = new JsonObject(response.body());
    assertEquals(status, problem.getInteger("status"));
    assertEquals(code, problem.getString("code"));
    assertTrue(problem.getString("detail") != null && !problem.getString("detail").isBlank(), response.body());
    if (status == 429 || status == 503 || status == 504) {
      assertTrue(response.headers().firstValueAsLong("Retry-After").orElse(0) >= 1, "Retry-After on a " + status);
    }
    return problem;
  }
}
