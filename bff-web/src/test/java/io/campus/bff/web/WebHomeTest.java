package io.campus.bff.web;

import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.users.EnrollmentGrant;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.bus.BusClient;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web home and course page: parallel sections that degrade one by one instead of failing. */
@ExtendWith(WebServices.class)
class WebHomeTest {

  private static WebServices services;
  // The client's 1 s timeout is the bound every answer is held to, degraded or not.
  private static TestHttp http;

  @BeforeAll
  static void start(WebServices shared) {
    services = shared;
    http = shared.http().within(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("anonymous: the featured catalog only; signed in: profile and latest purchases too, nothing degraded")
  void sections() {
    JsonObject anonymous = home(null);
    assertEquals(8, anonymous.getJsonObject("catalog").getJsonArray("items").size());
    assertNull(anonymous.getValue("profile"));
    assertEquals(new JsonArray(), anonymous.getJsonArray("degraded"));

    String token = services.http().signIn("home");
    JsonObject signedIn = home(token);
    assertTrue(signedIn.getJsonObject("profile").getString("email").endsWith("@example.org"));
    assertEquals(0, signedIn.getJsonObject("purchases").getInteger("total"));
    assertEquals(new JsonArray(), signedIn.getJsonArray("degraded"));
  }

  @Test
  @DisplayName("with purchase-history down: 200 within 1 s, purchases null and named in degraded; heals after")
  void historyDown() {
    String token = services.http().signIn("home");
    services.undeploy(HistoryApi.SERVICE);
    try {
      JsonObject home = home(token);
      assertNull(home.getValue("purchases"));
      assertEquals(new JsonArray().add("purchase-history"), home.getJsonArray("degraded"));
      assertTrue(home.getJsonObject("profile") != null && home.getJsonObject("catalog") != null);
    } finally {
      services.redeploy(HistoryApi.SERVICE);
      healed(token); // also when a check above failed: the next tests share this BFF
    }
  }

  @Test
  @DisplayName("the course page says whether the signed-in user owns it; with users down, owned is null and degraded")
  void owned() {
    String token = services.http().signIn("home");
    UUID user = UUID.fromString(home(token).getJsonObject("profile").getString("id"));
    JsonObject course = http.json("/api/courses/secure-coding", token);
    join(new BusClient(services.node().vertx()).request(UsersApi.GRANT_ENROLLMENT,
        new EnrollmentGrant(user, UUID.fromString(course.getString("id"))), 5_000, TestCallers.ADMIN));
    assertEquals(true, http.json("/api/courses/secure-coding", token).getBoolean("owned"));
    assertEquals(false, http.json("/api/courses/java-from-zero", token).getBoolean("owned"));
    assertTrue(!http.json("/api/courses/java-from-zero", null).containsKey("owned"), "anonymous: no ownership");

    services.undeploy(UsersApi.SERVICE);
    try {
      JsonObject degraded = http.json("/api/courses/secure-coding", token);
      assertNull(degraded.getValue("owned"));
      assertEquals(new JsonArray().add("users"), degraded.getJsonArray("degraded"));
      assertEquals("users", home(token).getJsonArray("degraded").getString(0));
    } finally {
      services.redeploy(UsersApi.SERVICE);
      healed(token);
    }
  }

  /** The BFF uses every service again (the new records closed its circuits). */
  private static void healed(String token) {
    await().atMost(Duration.ofSeconds(10)).until(() -> home(token).getJsonArray("degraded").isEmpty());
  }

  private static JsonObject home(String token) {
    return http.json("/api/home", token);
  }
}
