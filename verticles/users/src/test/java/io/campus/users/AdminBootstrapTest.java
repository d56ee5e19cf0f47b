package io.campus.users;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.contracts.Endpoint;
import io.campus.contracts.users.Credentials;
import io.campus.contracts.users.KeysQuery;
import io.campus.contracts.users.Profile;
import io.campus.contracts.users.Registration;
import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.auth.TokenSettings;
import io.campus.platform.bus.BusClient;
import io.campus.platform.node.CampusNode;
import io.campus.platform.node.StartupException;
import io.campus.platform.testing.TestNodes;
import io.campus.users.accounts.AccountService;
import io.campus.users.accounts.PasswordHasher;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configured admin when its email already names an account, possibly one a stranger registered: a restart is
 * a second node whose users service has the admin configuration and the first node's database.
 */
class AdminBootstrapTest {

  private static final String STRANGERS_PASSWORD = "stranger's own password";
  private static final String ADMIN_PASSWORD = "the operator's admin password";

  @TempDir
  static Path dataDir;
  // The users service as it ran before the restart, without an admin configured.
  private static CampusNode node;
  private static BusClient bus;
  private static String databaseUrl;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.config(dataDir.resolve("before"), Map.of()));
    join(node.deploy(() -> new UsersVerticle(node), 1));
    bus = new BusClient(node.vertx());
    PgConnectOptions db = join(node.databases().connectOptions(UsersApi.SERVICE));
    databaseUrl = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort()
        + "/" + db.getDatabase();
  }

  @AfterAll
  static void stop() {
    TestNodes.close(node);
  }

  @Test
  @DisplayName("an email a stranger registered first is not made admin by a wrong admin password: the start fails saying why")
  void strangerKeepsTheirRoles() {
    String email = unique("squatter");
    call(UsersApi.REGISTER, new Registration(email, STRANGERS_PASSWORD, "Mallory"));

    CampusNode restarted = restartWithAdmin(email, ADMIN_PASSWORD);
    try {
      StartupException e = assertInstanceOf(StartupException.class,
          failure(restarted.deploy(() -> new UsersVerticle(restarted), 1)));
      assertTrue(e.getMessage().contains("CAMPUS_ADMIN_PASSWORD") && e.getMessage().contains(email)
          && e.getMessage().contains("not made admin"), e.getMessage());
      assertTrue(!e.getMessage().contains(ADMIN_PASSWORD), "the password is not printed");
    } finally {
      TestNodes.close(restarted);
    }
    assertEquals(Set.of(UsersApi.STUDENT), tokenRoles(email, STRANGERS_PASSWORD));
  }

  @Test
  @DisplayName("an existing account is made admin when the admin password verifies, and stays so unchanged at the next start")
  void rightPasswordPromotes() {
    String email = unique("operator");
    Profile registered = call(UsersApi.REGISTER, new Registration(email, ADMIN_PASSWORD, "Olivia"));

    for (int start = 0; start < 2; start++) {
      CampusNode restarted = restartWithAdmin(email.toUpperCase(), ADMIN_PASSWORD);
      try {
        join(restarted.deploy(() -> new UsersVerticle(restarted), 1));
      } finally {
        TestNodes.close(restarted);
      }
      assertEquals(Set.of(UsersApi.STUDENT, UsersApi.ADMIN), tokenRoles(email, ADMIN_PASSWORD));
      assertEquals(List.of(UsersApi.STUDENT, UsersApi.ADMIN),
          call(UsersApi.PROFILE, new UserRef(registered.id())).roles());
    }
  }

  @Test
  @DisplayName("two instances making sure of the same new admin at once both succeed: one admin account")
  void twoInstancesAtOnce() {
    String email = unique("cluster-admin");
    UsersSettings settings = UsersSettings.from(node.config());
    WorkerExecutor hashing = node.vertx().createSharedWorkerExecutor("admin-bootstrap-test", 2);
    try {
      Pool pool = join(node.databases().open(UsersApi.SERVICE));
      AccountService accounts = new AccountService(pool, join(PasswordHasher.create(hashing, settings.hashing())),
          null, settings.throttle());
      // Both look the email up before either hashed its password (slow by design), so both try to register it: the
      // one that loses the insert must promote the account the other made, not fail its start.
      join(Future.all(accounts.ensureAdmin(email, ADMIN_PASSWORD), accounts.ensureAdmin(email, ADMIN_PASSWORD)));
    } finally {
      hashing.close();
    }
    assertEquals(Set.of(UsersApi.STUDENT, UsersApi.ADMIN), tokenRoles(email, ADMIN_PASSWORD));
  }

  private static CampusNode restartWithAdmin(String email, String password) {
    return TestNodes.start(TestNodes.config(dataDir.resolve("restart-" + UUID.randomUUID()), Map.of(
        "node.name", "restarted", "users.db.url", databaseUrl,
        "admin.email", email, "admin.password", password)));
  }

  /** The roles in the token a login gives now. */
  private static Set<String> tokenRoles(String email, String password) {
    String token = call(UsersApi.LOGIN, new Credentials(email, password)).accessToken();
    TokenSettings settings = TokenSettings.from(node.config());
    TokenVerifier verifier = new TokenVerifier(node.vertx(), settings.issuer(), settings.audience());
    verifier.useKeys(call(UsersApi.PUBLIC_KEYS, new KeysQuery()).keys());
    return join(verifier.verify(token)).roles();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID() + "@example.org";
  }

  private static <Q, R> R call(Endpoint<Q, R> endpoint, Q request) {
    return join(bus.request(endpoint, request, 10_000));
  }
}
