package io.campus.users;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.contracts.Endpoint;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.users.AccessToken;
import io.campus.contracts.users.Credentials;
import io.campus.contracts.users.EnrollmentGrant;
import io.campus.contracts.users.KeyRotation;
import io.campus.contracts.users.KeysQuery;
import io.campus.contracts.users.Profile;
import io.campus.contracts.users.ProfileChange;
import io.campus.contracts.users.PublicKey;
import io.campus.contracts.users.Registration;
import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.auth.Caller;
import io.campus.platform.auth.TokenSettings;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestNodes;
import io.campus.users.store.LoginAttemptStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The users service on the bus, against its real PostgreSQL database. */
class UsersServiceTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String ADMIN_EMAIL = "root@campus.test";

  @TempDir
  static Path dataDir;
  private static CampusNode node;
  private static BusClient bus;
  private static Pool db;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir, Map.of(
        "admin.email", ADMIN_EMAIL, "admin.password", "admin password 42")));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    bus = new BusClient(node.vertx());
    db = join(node.databases().open(UsersApi.SERVICE));
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("registering creates a student, stores only an Argon2id hash and emits user.registered")
  void registers() {
    String email = unique("reg");
    Profile profile = call(UsersApi.REGISTER, new Registration(email, PASSWORD, "  Ann  "));
    assertEquals("Ann", profile.name());
    assertEquals(List.of(UsersApi.STUDENT), profile.roles());
    String hash = join(db.preparedQuery("SELECT password_hash FROM account WHERE id = $1")
        .execute(Tuple.of(profile.id()))).iterator().next().getString(0);
    assertTrue(hash.startsWith("$argon2id$") && !hash.contains(PASSWORD));
    assertEquals(1, events("user.registered", profile.id()));
  }

  @Test
  @DisplayName("an email is unique whatever its case: the second registration is a CONFLICT and stores nothing")
  void duplicateEmail() {
    String email = unique("dup");
    call(UsersApi.REGISTER, new Registration(email, PASSWORD, "Ann"));
    long accounts = count("account");
    assertEquals(ErrorCode.CONFLICT, error(UsersApi.REGISTER, new Registration(email.toUpperCase(), PASSWORD, "B")).code());
    assertEquals(accounts, count("account"));
  }

  @Test
  @DisplayName("a weak password is refused naming the rule, and nothing is stored")
  void weakPassword() {
    long accounts = count("account");
    CampusException e = error(UsersApi.REGISTER, new Registration(unique("weak"), "qwertyuiop", "Ann"));
    assertEquals("is one of the most common passwords", e.errors().get(0).reason());
    assertEquals(accounts, count("account"));
  }

  @Test
  @DisplayName("login gives an ES256 token that the published keys verify, with subject, roles, issuer and audience")
  void login() {
    String email = unique("login");
    Profile profile = call(UsersApi.REGISTER, new Registration(email, PASSWORD, "Ann"));
    AccessToken token = call(UsersApi.LOGIN, new Credentials(email.toUpperCase(), PASSWORD));
    assertEquals("Bearer", token.tokenType());
    assertEquals(900, token.expiresIn());

    Caller caller = join(verifier().verify(token.accessToken()));
    assertEquals(profile.id(), caller.userId());
    assertEquals(Set.of(UsersApi.STUDENT), caller.roles());
  }

  @Test
  @DisplayName("a wrong password and an unknown email get the same UNAUTHORIZED answer")
  void wrongCredentials() {
    String email = unique("wrong");
    call(UsersApi.REGISTER, new Registration(email, PASSWORD, "Ann"));
    CampusException wrongPassword = error(UsersApi.LOGIN, new Credentials(email, "not the password"));
    CampusException unknownEmail = error(UsersApi.LOGIN, new Credentials(unique("nobody"), PASSWORD));
    assertEquals(ErrorCode.UNAUTHORIZED, wrongPassword.code());
    assertEquals(wrongPassword.code(), unknownEmail.code());
    assertEquals(wrongPassword.detail(), unknownEmail.detail());
  }

  @Test
  @DisplayName("after 5 failed logins for one email, even the right password gets TOO_MANY_REQUESTS with a wait")
  void throttles() {
    String email = unique("throttle");
    call(UsersApi.REGISTER, new Registration(email, PASSWORD, "Ann"));
    for (int i = 0; i < 5; i++) {
      assertEquals(ErrorCode.UNAUTHORIZED, error(UsersApi.LOGIN, new Credentials(email, "wrong password " + i)).code());
    }
    CampusException throttled = error(UsersApi.LOGIN, new Credentials(email, PASSWORD));
    assertEquals(ErrorCode.TOO_MANY_REQUESTS, throttled.code());
    assertTrue(throttled.retryAfterSeconds() > 850 && throttled.retryAfterSeconds() <= 901,
        "about 15 minutes: " + throttled.retryAfterSeconds());
    // Another email is not affected.
    String other = unique("other");
    call(UsersApi.REGISTER, new Registration(other, PASSWORD, "Bob"));
    assertFalse(call(UsersApi.LOGIN, new Credentials(other, PASSWORD)).accessToken().isEmpty());
  }

  @Test
  @DisplayName("60 wrong passwords at once for one email: at most 5 are checked (5 x UNAUTHORIZED), the rest wait")
  void concurrentWrongPasswords() {
    String email = unique("storm");
    call(UsersApi.REGISTER, new Registration(email, PASSWORD, "Ann"));
    List<Future<AccessToken>> storm = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      storm.add(bus.request(UsersApi.LOGIN, new Credentials(email, "wrong password " + i), 30_000));
    }
    Map<ErrorCode, Long> answers = storm.stream()
        .map(f -> assertInstanceOf(CampusException.class, failure(f)).code())
        .collect(Collectors.groupingBy(code -> code, Collectors.counting()));
    assertEquals(Map.of(ErrorCode.UNAUTHORIZED, 5L, ErrorCode.TOO_MANY_REQUESTS, 55L), answers);
    assertEquals(5, join(db.preparedQuery("SELECT count(*) FROM login_failure WHERE email = $1")
        .execute(Tuple.of(email))).iterator().next().getLong(0), "one attempt recorded per password checked");
  }

  @Test
  @DisplayName("login attempts of any email are purged once they leave the window, so random emails cannot grow it")
  void attemptsArePurged() {
    LoginAttemptStore attempts = new LoginAttemptStore();
    for (int i = 0; i < 50; i++) {
      assertTrue(join(attempts.reserve(db, unique("random"), 900, 5)).allowed());
    }
    assertTrue(count("login_failure") >= 50);
    assertTrue(join(attempts.purge(db, 0)) >= 50, "a window of 0 s: every attempt is older than it");
    assertEquals(0, count("login_failure"));
  }

  @Test
  @DisplayName("a name change is stored and emits user.profile-changed; an enrollment shows in the profile once")
  void profileAndEnrollments() {
    Profile profile = call(UsersApi.REGISTER, new Registration(unique("profile"), PASSWORD, "Ann"));
    assertEquals("Annie", call(UsersApi.UPDATE_PROFILE, new ProfileChange(profile.id(), "Annie")).name());
    assertEquals(1, events("user.profile-changed", profile.id()));

    UUID course = UUID.randomUUID();
    call(UsersApi.GRANT_ENROLLMENT, new EnrollmentGrant(profile.id(), course));
    call(UsersApi.GRANT_ENROLLMENT, new EnrollmentGrant(profile.id(), course));
    Profile enrolled = call(UsersApi.PROFILE, new UserRef(profile.id()));
    assertEquals(List.of(course), enrolled.enrollments().stream().map(e -> e.courseId()).toList());
    assertEquals(1, join(db.preparedQuery("SELECT count(*) FROM platform.outbox WHERE type = 'enrollment.granted' "
        + "AND payload->>'userId' = $1").execute(Tuple.of(profile.id().toString()))).iterator().next().getLong(0));
    assertEquals(ErrorCode.NOT_FOUND, error(UsersApi.PROFILE, new UserRef(UUID.randomUUID())).code());
    assertEquals(ErrorCode.NOT_FOUND,
        error(UsersApi.GRANT_ENROLLMENT, new EnrollmentGrant(UUID.randomUUID(), course)).code());
  }

  @Test
  @DisplayName("the configured admin exists at start with the admin role")
  void bootstrapAdmin() {
    AccessToken token = call(UsersApi.LOGIN, new Credentials(ADMIN_EMAIL, "admin password 42"));
    assertTrue(join(verifier().verify(token.accessToken())).has(UsersApi.ADMIN));
  }

  @Test
  @DisplayName("after a key rotation new tokens use the new key and tokens signed before still verify")
  void rotation() {
    String email = unique("rotate");
    call(UsersApi.REGISTER, new Registration(email, PASSWORD, "Ann"));
    String before = call(UsersApi.LOGIN, new Credentials(email, PASSWORD)).accessToken();
    List<PublicKey> keys = call(UsersApi.ROTATE_KEY, new KeyRotation()).keys();
    assertTrue(keys.size() >= 2, "old key still published");
    String after = call(UsersApi.LOGIN, new Credentials(email, PASSWORD)).accessToken();
    assertTrue(header(after).contains(keys.get(0).kid()), "signed with the newest key");

    TokenVerifier verifier = verifier();
    join(verifier.verify(before));
    join(verifier.verify(after));
  }

  private static TokenVerifier verifier() {
    TokenSettings settings = TokenSettings.from(node.config());
    TokenVerifier verifier = new TokenVerifier(node.vertx(), settings.issuer(), settings.audience());
    verifier.useKeys(call(UsersApi.PUBLIC_KEYS, new KeysQuery()).keys());
    return verifier;
  }

  private static String header(String jwt) {
    return new String(java.util.Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID() + "@example.org";
  }

  private static <Q, R> R call(Endpoint<Q, R> endpoint, Q request) {
    return join(bus.request(endpoint, request, 10_000, TestCallers.ADMIN));
  }

  private static <Q, R> CampusException error(Endpoint<Q, R> endpoint, Q request) {
    return assertInstanceOf(CampusException.class, failure(bus.request(endpoint, request, 10_000, TestCallers.ADMIN)));
  }

  private static long count(String table) {
    return join(db.query("SELECT count(*) FROM " + table).execute()).iterator().next().getLong(0);
  }

  private static long events(String type, UUID userId) {
    return join(db.preparedQuery("SELECT count(*) FROM platform.outbox WHERE type = $1 AND payload->>'id' = $2")
        .execute(Tuple.of(type, userId.toString()))).iterator().next().getLong(0);
  }
}
