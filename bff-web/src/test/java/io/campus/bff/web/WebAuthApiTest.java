package io.campus.bff.web;

import io.campus.contracts.users.EnrollmentGrant;
import io.campus.contracts.users.KeyRotation;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.CapturedLogs;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accounts, login, tokens and roles through the web BFF, with the real users and courses services. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(WebServices.class)
class WebAuthApiTest {

  private static final String PASSWORD = TestHttp.PASSWORD;
  private static final String ADMIN_EMAIL = WebServices.ADMIN_EMAIL;
  private static final String ADMIN_PASSWORD = WebServices.ADMIN_PASSWORD;
  private static final List<String> SECRETS = Collections.synchronizedList(new ArrayList<>());
  private static CapturedLogs logged;

  private static CampusNode node;
  private static TestHttp http;
  private static BusClient bus;
  private static ForgedTokens forge;
  private static List<String> startup;

  @BeforeAll
  static void start(WebServices services) {
    startup = services.startupLogs();
    logged = CapturedLogs.of("", Level.ALL);
    node = services.node();
    http = services.http();
    bus = new BusClient(node.vertx());
    forge = services.forge();
    SECRETS.add(PASSWORD);
    SECRETS.add(ADMIN_PASSWORD);
    await().atMost(Duration.ofSeconds(10)).until(() -> send("GET", "/api/me", null, "x").statusCode() == 401);
  }

  @AfterAll
  static void stop() {
    logged.close();
  }

  @Test
  @DisplayName("register answers 201 with id, email and name; the same email in another case is a 409")
  void register() throws Exception {
    String email = email("reg");
    HttpResponse<String> created = send("POST", "/api/auth/register", registration(email, PASSWORD, "Ann"), null);
    assertEquals(201, created.statusCode(), created.body());
    JsonObject body = new JsonObject(created.body());
    assertEquals(Map.of("id", body.getString("id"), "email", email, "name", "Ann"), body.getMap());

    JsonObject conflict = problem(send("POST", "/api/auth/register", registration(email.toUpperCase(), PASSWORD, "B"), null), 409);
    assertEquals("CONFLICT", conflict.getString("code"));
  }

  @Test
  @DisplayName("a weak password is a 400 naming the rule")
  void weakPassword() throws Exception {
    JsonObject problem = problem(send("POST", "/api/auth/register", registration(email("weak"), "short", "Ann"), null), 400);
    assertEquals("password", firstError(problem).getString("name"));
    assertEquals("must be at least 10 characters", firstError(problem).getString("reason"));
  }

  @Test
  @DisplayName("malformed JSON, wrong types, missing and unknown fields, oversized bodies: 400/413, nothing stored")
  void badBodies() throws Exception {
    String email = email("bad");
    assertEquals("body", firstError(problem(send("POST", "/api/auth/register", "{\"email\":", null), 400)).getString("name"));
    assertEquals("body", firstError(problem(send("POST", "/api/auth/register", "[1,2]", null), 400)).getString("name"));
    assertEquals("email", firstError(problem(send("POST", "/api/auth/register",
        "{\"email\":42,\"password\":\"" + PASSWORD + "\",\"name\":\"A\"}", null), 400)).getString("name"));
    assertEquals("password", firstError(problem(send("POST", "/api/auth/register",
        "{\"email\":\"" + email + "\",\"name\":\"A\"}", null), 400)).getString("name"));
    assertEquals("admin", firstError(problem(send("POST", "/api/auth/register",
        registration(email, PASSWORD, "A").replace("}", ",\"admin\":true}"), null), 400)).getString("name"));
    String huge = registration(email, PASSWORD, "x".repeat(70_000));
    assertEquals("VALIDATION", problem(send("POST", "/api/auth/register", huge, null), 413).getString("code"));

    assertEquals(201, send("POST", "/api/auth/register", registration(email, PASSWORD, "A"), null).statusCode(),
        "none of the bad requests stored the account");
  }

  @Test
  @DisplayName("login gives a bearer token for 15 minutes; wrong password and unknown email get the same 401")
  void login() throws Exception {
    String email = email("login");
    send("POST", "/api/auth/register", registration(email, PASSWORD, "Ann"), null);
    HttpResponse<String> ok = send("POST", "/api/auth/login", credentials(email, PASSWORD), null);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("no-store", ok.headers().firstValue("cache-control").orElse(""));
    JsonObject token = new JsonObject(ok.body());
    assertEquals("Bearer", token.getString("tokenType"));
    assertEquals(900, token.getInteger("expiresIn"));
    SECRETS.add(token.getString("accessToken"));

    JsonObject wrongPassword = problem(send("POST", "/api/auth/login", credentials(email, "wrong password!"), null), 401);
    JsonObject unknownEmail = problem(send("POST", "/api/auth/login", credentials(email("nobody"), PASSWORD), null), 401);
    assertEquals(wrongPassword.getString("detail"), unknownEmail.getString("detail"));
  }

  @Test
  @DisplayName("after 5 failed logins the email gets 429 with Retry-After")
  void throttled() throws Exception {
    String email = email("throttle");
    send("POST", "/api/auth/register", registration(email, PASSWORD, "Ann"), null);
    for (int i = 0; i < 5; i++) {
      problem(send("POST", "/api/auth/login", credentials(email, "wrong password " + i), null), 401);
    }
    HttpResponse<String> refused = send("POST", "/api/auth/login", credentials(email, PASSWORD), null);
    assertEquals("TOO_MANY_REQUESTS", problem(refused, 429).getString("code"));
    assertTrue(Long.parseLong(refused.headers().firstValue("retry-after").orElse("0")) > 800);
  }

  @Test
  @DisplayName("GET /api/me shows the profile and enrollments; PATCH /api/me changes the name")
  void me() throws Exception {
    String email = email("me");
    String token = registerAndLogin(email);
    JsonObject profile = new JsonObject(send("GET", "/api/me", null, token).body());
    assertEquals(email, profile.getString("email"));
    assertTrue(profile.getJsonArray("enrollments").isEmpty());

    UUID course = UUID.randomUUID();
    join(bus.request(UsersApi.GRANT_ENROLLMENT, new EnrollmentGrant(UUID.fromString(profile.getString("id")), course), 5_000,
        TestCallers.ADMIN));
    JsonObject enrolled = new JsonObject(send("GET", "/api/me", null, token).body());
    assertEquals(course.toString(), enrolled.getJsonArray("enrollments").getJsonObject(0).getString("courseId"));

    HttpResponse<String> renamed = send("PATCH", "/api/me", "{\"name\":\"Annie\"}", token);
    assertEquals(200, renamed.statusCode(), renamed.body());
    assertEquals("Annie", new JsonObject(send("GET", "/api/me", null, token).body()).getString("name"));
    assertEquals("name", firstError(problem(send("PATCH", "/api/me", "{\"name\":5}", token), 400)).getString("name"));
  }

  @Test
  @DisplayName("no token, and every kind of bad token, get 401 with WWW-Authenticate and nothing about why")
  void badTokens() throws Exception {
    HttpResponse<String> none = send("GET", "/api/me", null, null);
    problem(none, 401);
    assertEquals("Bearer", none.headers().firstValue("www-authenticate").orElse(""));

    UUID user = UUID.fromString(new JsonObject(send("POST", "/api/auth/register",
        registration(email("victim"), PASSWORD, "V"), null).body()).getString("id"));
    long past = System.currentTimeMillis() / 1000 - 3_600;
    String valid = forge.signedWithRealKey(forge.claims(user));
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("expired", forge.signedWithRealKey(forge.claims(user).put("iat", past - 900).put("exp", past)));
    tokens.put("unknown key", forge.signedWithUnknownKey(forge.claims(user)));
    tokens.put("alg none", forge.unsigned(forge.claims(user)));
    tokens.put("HS256 over the public key", forge.hmacWithPublicKey(forge.claims(user)));
    tokens.put("wrong audience", forge.signedWithRealKey(forge.claims(user).put("aud", "someone-else")));
    tokens.put("wrong issuer", forge.signedWithRealKey(forge.claims(user).put("iss", "evil")));
    tokens.put("no exp", forge.signedWithRealKey(removed(forge.claims(user), "exp")));
    tokens.put("tampered signature", valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA"));
    tokens.put("tampered payload", valid.replaceFirst("\\.[^.]+\\.", "." + payload(forge.claims(user).put("roles",
        new io.vertx.core.json.JsonArray().add("admin"))) + "."));
    tokens.put("malformed", "not-a-jwt");
    tokens.put("three dots", "a.b.c");

    assertEquals(200, send("GET", "/api/me", null, valid).statusCode(), "the well-made token is accepted");
    for (Map.Entry<String, String> bad : tokens.entrySet()) {
      SECRETS.add(bad.getValue());
      HttpResponse<String> response = send("GET", "/api/me", null, bad.getValue());
      assertEquals(401, response.statusCode(), bad.getKey() + ": " + response.body());
      assertEquals("Missing or invalid access token", new JsonObject(response.body()).getString("detail"), bad.getKey());
    }
  }

  @Test
  @DisplayName("admin routes: no token 401, a student 403, the admin creates and publishes a course")
  void admin() throws Exception {
    String draft = "{\"slug\":\"admin-made\",\"title\":\"Made by the admin\",\"summary\":\"Through the BFF\","
        + "\"author\":\"Root\",\"price\":{\"amount\":4200,\"currency\":\"EUR\"},\"level\":\"BEGINNER\",\"tags\":[]}";
    problem(send("POST", "/api/admin/courses", draft, null), 401);
    assertEquals("FORBIDDEN", problem(send("POST", "/api/admin/courses", draft, registerAndLogin(email("student"))), 403)
        .getString("code"));

    String admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);
    HttpResponse<String> created = send("POST", "/api/admin/courses", draft, admin);
    assertEquals(201, created.statusCode(), created.body());
    String id = new JsonObject(created.body()).getString("id");
    problem(send("GET", "/api/courses/admin-made", null, null), 404);
    assertEquals(200, send("POST", "/api/admin/courses/" + id + "/publish", null, admin).statusCode());
    assertEquals("Made by the admin", new JsonObject(send("GET", "/api/courses/admin-made", null, null).body()).getString("title"));

    assertEquals("price.amount", firstError(problem(send("PUT", "/api/admin/courses/" + id,
        draft.replace("4200", "-1"), admin), 400)).getString("name"));
    assertEquals("id", firstError(problem(send("POST", "/api/admin/courses/not-a-uuid/publish", null, admin), 400))
        .getString("name"));
    assertEquals(200, send("POST", "/api/admin/courses/" + id + "/unpublish", null, admin).statusCode());
    // The BFF's catalog cache forgets the course when the event arrives: within a second.
    await().atMost(Duration.ofSeconds(1)).until(() -> send("GET", "/api/courses/admin-made", null, null).statusCode() == 404);
  }

  @Test
  @DisplayName("after a key rotation, old and new tokens both work without restarting the BFF")
  void keyRotation() throws Exception {
    String email = email("rotation");
    String before = registerAndLogin(email);
    join(bus.request(UsersApi.ROTATE_KEY, new KeyRotation(), 5_000, TestCallers.ADMIN));
    String after = login(email, PASSWORD);
    assertNotEquals(kid(before), kid(after));
    // The BFF has never seen the new key: the unknown kid makes it fetch the keys again.
    await().atMost(Duration.ofSeconds(10)).until(() -> send("GET", "/api/me", null, after).statusCode() == 200);
    assertEquals(200, send("GET", "/api/me", null, before).statusCode());
  }

  @Test
  @Order(Integer.MAX_VALUE)
  @DisplayName("no password and no token ever appears in a log line, from the start (the admin's creation) on")
  void noSecretsInLogs() {
    assertFalse(logged.lines().isEmpty());
    assertTrue(startup.stream().anyMatch(l -> l.contains(ADMIN_EMAIL)), "the start's log names the admin: " + startup);
    assertTrue(logged.lines().stream().anyMatch(l -> l.startsWith("access token refused")), "refusals are logged");
    List<String> all = new ArrayList<>(startup);
    all.addAll(logged.lines());
    synchronized (SECRETS) {
      for (String secret : SECRETS) {
        assertTrue(all.stream().noneMatch(line -> line.contains(secret)), "a secret was logged");
      }
    }
  }

  private static String registerAndLogin(String email) throws Exception {
    assertEquals(201, send("POST", "/api/auth/register", registration(email, PASSWORD, "Ann"), null).statusCode());
    return login(email, PASSWORD);
  }

  private static String login(String email, String password) throws Exception {
    HttpResponse<String> response = send("POST", "/api/auth/login", credentials(email, password), null);
    assertEquals(200, response.statusCode(), response.body());
    String token = new JsonObject(response.body()).getString("accessToken");
    SECRETS.add(token);
    return token;
  }

  private static HttpResponse<String> send(String method, String path, String body, String token) {
    return http.send(method, path, body, token);
  }

  private static JsonObject problem(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
    return new JsonObject(response.body());
  }

  private static JsonObject firstError(JsonObject problem) {
    return problem.getJsonArray("errors").getJsonObject(0);
  }

  private static String registration(String email, String password, String name) {
    return new JsonObject().put("email", email).put("password", password).put("name", name).encode();
  }

  private static String credentials(String email, String password) {
    return new JsonObject().put("email", email).put("password", password).encode();
  }

  private static String email(String prefix) {
    return prefix + "-" + UUID.randomUUID() + "@example.org";
  }

  private static JsonObject removed(JsonObject json, String key) {
    json.remove(key);
    return json;
  }

  private static String payload(JsonObject claims) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.encode().getBytes());
  }

  private static String kid(String jwt) {
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.')))))
        .getString("kid");
  }
}
