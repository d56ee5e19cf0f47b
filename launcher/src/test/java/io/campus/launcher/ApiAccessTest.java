package io.campus.launcher;

import io.campus.bff.mobile.MobileBffVerticle;
import io.campus.bff.web.WebBffVerticle;
import io.campus.contracts.users.Credentials;
import io.campus.contracts.users.PublicKey;
import io.campus.contracts.users.Registration;
import io.campus.contracts.users.UsersApi;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.payments.PaymentsVerticle;
import io.campus.platform.auth.TokenSettings;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.campus.sandbox.SandboxVerticle;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of both BFF contracts, asked with every path spelling an attacker tries, without a token, with a
 * student's token and with an expired one: a secured operation never answers 2xx (nor 400, which would mean its
 * input was looked at before its access), and nothing answers 5xx. The operations are read from the OpenAPI
 * documents, so a new route is covered without editing this test.
 */
class ApiAccessTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PASSWORD = "correct horse battery";

  /** Spellings of an {@code /api/<first>/...} path that a lax router or a path lookup may read differently. */
  private static final Map<String, UnaryOperator<String>> SPELLINGS = new LinkedHashMap<>();

  static {
    SPELLINGS.put("as written", p -> p);
    SPELLINGS.put("trailing slash", p -> p + "/");
    SPELLINGS.put("trailing /.", p -> p + "/.");
    SPELLINGS.put("percent-encoded, lower-case hex", p -> first(p, s -> encode(s, false)));
    SPELLINGS.put("percent-encoded, upper-case hex", p -> first(p, s -> encode(s, true)));
    SPELLINGS.put("one letter encoded", p -> first(p, s -> "%" + Integer.toHexString(s.charAt(0)) + s.substring(1)));
    SPELLINGS.put("double slash", p -> p.replaceFirst("^/api/", "/api//"));
    SPELLINGS.put("leading double slash", p -> "/" + p);
    SPELLINGS.put("./ segment", p -> p.replaceFirst("^/api/", "/api/./"));
    SPELLINGS.put("../ segment", p -> p.replaceFirst("^/api/", "/api/x/../"));
    SPELLINGS.put("encoded ./ segment", p -> p.replaceFirst("^/api/", "/api/%2e/"));
    SPELLINGS.put("encoded ../ segment", p -> p.replaceFirst("^/api/", "/api/x/%2E%2E/"));
    SPELLINGS.put("; path parameter", p -> first(p, s -> s + ";x=1"));
    SPELLINGS.put("; on the prefix", p -> p.replaceFirst("^/api/", "/api;x=1/"));
    SPELLINGS.put("encoded slash", p -> p.replaceFirst("^/api/", "/api%2F"));
    SPELLINGS.put("encoded slash, lower-case", p -> p.replaceFirst("^/api/", "/api%2f"));
    SPELLINGS.put("encoded backslash", p -> p.replaceFirst("^/api/", "/api%5C"));
    SPELLINGS.put("upper-case segment", p -> first(p, s -> s.toUpperCase()));
    SPELLINGS.put("upper-case prefix", p -> p.replaceFirst("^/api/", "/API/"));
    SPELLINGS.put("query string", p -> p + "?admin=true");
  }

  private enum Identity { NONE, STUDENT, EXPIRED }

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static int webPort;
  private static int mobilePort;
  private static String studentToken;
  private static String expiredToken;
  private static String courseId;

  @BeforeAll
  static void start() throws Exception {
    int sandboxPort = TestNodes.freePort();
    mobilePort = TestNodes.freePort();
    node = TestNodes.start(TestNodes.config(dataDir, Map.of(
        "mobile.http.port", String.valueOf(mobilePort),
        "payments.processor.url", "http://127.0.0.1:" + sandboxPort,
        "rate.limit.address.per.second", "1000000", "rate.limit.address.burst", "1000000",
        "rate.limit.user.per.second", "1000000", "rate.limit.user.burst", "1000000")));
    join(node.deploy(() -> new SandboxVerticle("127.0.0.1", sandboxPort), 1));
    join(node.deploy(() -> new CoursesVerticle(node), 1));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    join(node.deploy(() -> new PaymentsVerticle(node), 1));
    join(node.deploy(() -> new HistoryVerticle(node), 1));
    join(node.deploy(() -> new WebBffVerticle(node), 1));
    join(node.deploy(() -> new MobileBffVerticle(node), 1));
    webPort = node.config().getInt("http.port", 0);

    BusClient bus = new BusClient(node.vertx());
    String email = "student-" + UUID.randomUUID() + "@example.org";
    join(bus.request(UsersApi.REGISTER, new Registration(email, PASSWORD, "Student"), 10_000));
    studentToken = join(bus.request(UsersApi.LOGIN, new Credentials(email, PASSWORD), 10_000)).accessToken();
    expiredToken = expired(studentToken);
    courseId = new JsonObject(send(webPort, "GET", "/api/courses/java-from-zero", Identity.NONE).body())
        .getString("id");
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("web API: no spelling of a path reaches a secured operation without its access, and none is a 5xx")
  void webOperations() throws Exception {
    assertEveryOperationHolds("openapi/web.yaml", webPort);
  }

  @Test
  @DisplayName("mobile API: no spelling of a path reaches a secured operation without its access, and none is a 5xx")
  void mobileOperations() throws Exception {
    assertEveryOperationHolds("openapi/mobile.yaml", mobilePort);
  }

  @Test
  @DisplayName("both APIs document Retry-After on every 429, 503 and 504 of every operation")
  void retryAfterDocumented() {
    List<String> undocumented = new ArrayList<>();
    for (String document : List.of("openapi/web.yaml", "openapi/mobile.yaml")) {
      for (Operation operation : join(OpenAPIContract.from(node.vertx(), document)).operations()) {
        for (int status : List.of(429, 503, 504)) {
          var response = operation.getResponse(status);
          if (response == null || response.getHeaders().stream().noneMatch(h -> h.getName().equals("Retry-After"))) {
            undocumented.add(document + " " + operation.getOperationId() + " " + status);
          }
        }
      }
    }
    assertTrue(undocumented.isEmpty(), "no Retry-After documented: " + undocumented);
  }

  private void assertEveryOperationHolds(String document, int port) throws Exception {
    OpenAPIContract contract = join(OpenAPIContract.from(node.vertx(), document));
    List<String> broken = new ArrayList<>();
    int asked = 0;
    for (Operation operation : contract.operations()) {
      String path = "/api" + operation.getOpenAPIPath()
          .replace("{slug}", "java-from-zero").replace("{id}", courseId);
      List<String> methods = operation.getHttpMethod().name().equals("GET") ? List.of("GET", "HEAD")
          : List.of(operation.getHttpMethod().name());
      for (String method : methods) {
        for (Map.Entry<String, UnaryOperator<String>> spelling : SPELLINGS.entrySet()) {
          for (Identity identity : Identity.values()) {
            String target = spelling.getValue().apply(path);
            HttpResponse<String> answer = send(port, method, target, identity);
            asked++;
            String why = verdict(operation, method, identity, answer);
            if (why != null) {
              broken.add(method + " " + target + " (" + spelling.getKey() + ", " + identity + ", "
                  + operation.getOperationId() + "): " + answer.statusCode() + " " + why + " " + answer.body());
            }
          }
        }
      }
    }
    assertTrue(asked > 100, "asked " + asked);
    assertTrue(broken.isEmpty(), broken.size() + " of " + asked + " answers broke access:\n"
        + String.join("\n", broken));
  }

  /**
   * The notifications service runs in Node.js and is not deployed here: an operation that reached it, past its
   * access check, hears 503 "notifications is unavailable", as it would in a deployment without it (NotificationsIT
   * covers it with the service).
   */
  private static boolean absentServiceUnavailable(HttpResponse<String> answer) {
    return answer.statusCode() == 503 && answer.body().contains("\"detail\":\"notifications is unavailable\"");
  }

  /** Null when the answer is one the operation's access allows, else what is wrong with it. */
  private static String verdict(Operation operation, String method, Identity identity, HttpResponse<String> answer) {
    int status = answer.statusCode();
    if (status >= 500 && !absentServiceUnavailable(answer)) {
      return "a server error";
    }
    List<SecurityRequirement> security = operation.getSecurityRequirements() == null
        ? List.of() : operation.getSecurityRequirements();
    if (security.isEmpty() || noOperationMatched(method, answer)) {
      return null;
    }
    boolean optional = security.stream().anyMatch(SecurityRequirement::isEmpty);
    Set<String> roles = security.stream().filter(r -> r.getNames().contains("bearerAuth"))
        .flatMap(r -> r.getScopes("bearerAuth").stream()).collect(Collectors.toSet());
    return switch (identity) {
      case NONE -> optional || status == 401 ? null : "without a token";
      case EXPIRED -> status == 401 ? null : "with an expired token";
      case STUDENT -> roles.isEmpty() || roles.equals(Set.of("student")) || status == 403
          ? null : "with a student's token";
    };
  }

  /** The router found no operation: 405, or the router's own 404 (not a handler's "no such course"). */
  private static boolean noOperationMatched(String method, HttpResponse<String> answer) {
    if (answer.statusCode() == 405) {
      return true;
    }
    if (answer.statusCode() != 404) {
      return false;
    }
    return method.equals("HEAD") || new JsonObject(answer.body()).getString("detail").startsWith("No such resource");
  }

  private static HttpResponse<String> send(int port, String method, String path, Identity identity) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
    switch (identity) {
      case STUDENT -> request.header("Authorization", "Bearer " + studentToken);
      case EXPIRED -> request.header("Authorization", "Bearer " + expiredToken);
      default -> { }
    }
    boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    request.method(method, body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The first segment after {@code /api/} changed by {@code change}. */
  private static String first(String path, UnaryOperator<String> change) {
    String rest = path.substring("/api/".length());
    int slash = rest.indexOf('/');
    String segment = slash < 0 ? rest : rest.substring(0, slash);
    return "/api/" + change.apply(segment) + (slash < 0 ? "" : rest.substring(slash));
  }

  private static String encode(String segment, boolean upper) {
    StringBuilder encoded = new StringBuilder();
    for (char c : segment.toCharArray()) {
      String hex = Integer.toHexString(c);
      encoded.append('%').append(upper ? hex.toUpperCase() : hex);
    }
    return encoded.toString();
  }

  /** A token signed with the real key, for the real user, that expired a minute ago. */
  private static String expired(String issued) {
    Pool users = join(node.databases().open(UsersApi.SERVICE));
    JsonObject privateJwk = (JsonObject) join(users.query(
        "SELECT private_jwk FROM signing_key ORDER BY created_at DESC LIMIT 1").execute()).iterator().next().getValue(0);
    String[] parts = issued.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1])));
    long now = System.currentTimeMillis() / 1000;
    TokenSettings settings = TokenSettings.from(node.config());
    claims.put("iat", now - 600).put("exp", now - 60).put("iss", settings.issuer()).put("aud", settings.audience())
        .put("roles", claims.getJsonArray("roles", new JsonArray()));
    return JWTAuth.create(node.vertx(), new JWTAuthOptions().addJwk(privateJwk))
        .generateToken(claims, new JWTOptions().setAlgorithm(PublicKey.ALGORITHM).setNoTimestamp(true));
  }
}
