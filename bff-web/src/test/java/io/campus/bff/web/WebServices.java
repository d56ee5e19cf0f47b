package io.campus.bff.web;

import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.events.EventType;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.users.UsersApi;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistoryVerticle;
import io.campus.platform.auth.TokenSettings;
import io.campus.platform.db.Outbox;
import io.campus.platform.events.EventStream;
import io.campus.platform.testing.SharedNode;
import io.campus.platform.testing.TestHttp;
import io.campus.users.UsersVerticle;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Map;

import static io.campus.platform.testing.Futures.join;

/**
 * What most web BFF tests stand on, started once per run: courses, users and purchase-history, payments' event stream
 * (the tests append payments' events themselves, as the saga would), and the web BFF. Classes that need a node of
 * another shape (the rate limits, the login storm, the purchase saga with its sandbox, a BFF started without a
 * service) start their own.
 */
public final class WebServices extends SharedNode {

  static final String BFF = "bff-web";
  static final String ADMIN_EMAIL = "admin@campus.test";
  static final String ADMIN_PASSWORD = "admin password 42";

  private static final Outbox PAYMENTS = new Outbox(PaymentsApi.SERVICE);

  private Pool payments;
  private ForgedTokens forge;

  @Override
  protected Map<String, String> settings() {
    return Map.of(
        "consumer.catch.up.ms", "300",
        "live.max.sockets.per.user", "2",
        "admin.email", ADMIN_EMAIL,
        "admin.password", ADMIN_PASSWORD,
        // Keys are loaded at start and when a token names an unknown one; WebAuthApiTest rotates them itself.
        "auth.keys.refresh.ms", "600000");
  }

  @Override
  protected void deploy() {
    payments = join(node().databases().open(PaymentsApi.SERVICE));
    join(EventStream.start(node(), PaymentsApi.SERVICE, payments));
    part(CoursesApi.SERVICE, CoursesVerticle::new);
    part(UsersApi.SERVICE, UsersVerticle::new);
    part(HistoryApi.SERVICE, HistoryVerticle::new);
    part(BFF, WebBffVerticle::new);
  }

  /** The web BFF's HTTP port, 10 s per request. */
  TestHttp http() {
    return TestHttp.at(node().config().getInt("http.port", 0));
  }

  /** Appends a payments event in its own transaction, as payments does; the relay publishes it. */
  <P> void emit(EventType<P> type, P payload) {
    join(payments.withTransaction(tx -> PAYMENTS.append(tx, type, payload)));
  }

  /** Tokens signed with users' newest real key (read once), or forged. */
  synchronized ForgedTokens forge() {
    if (forge == null) {
      forge = readForge();
    }
    return forge;
  }

  private ForgedTokens readForge() {
    Pool users = join(node().databases().open(UsersApi.SERVICE));
    try {
      JsonObject privateJwk = (JsonObject) join(users.query(
              "SELECT private_jwk FROM signing_key ORDER BY created_at DESC LIMIT 1").execute())
          .iterator().next().getValue(0);
      TokenSettings settings = TokenSettings.from(node().config());
      return new ForgedTokens(node().vertx(), privateJwk, settings.issuer(), settings.audience());
    } finally {
      users.close();
    }
  }
}
