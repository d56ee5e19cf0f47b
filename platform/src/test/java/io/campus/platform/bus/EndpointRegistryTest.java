package io.campus.platform.bus;

import io.campus.contracts.RecordCodec;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.error.FieldError;
import io.campus.platform.auth.Caller;
import io.campus.platform.testing.TestCallers;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class EndpointRegistryTest {

  private Vertx vertx;
  private BusClient client;

  @BeforeEach
  void answerPings(Vertx vertx) {
    this.vertx = vertx;
    RecordCodec.register(vertx);
    this.client = new BusClient(vertx);
    join(new EndpointRegistry(vertx).on(Ping.ECHO, ping -> {
      if (ping.text().equals("bug")) {
        throw new IllegalStateException("secret internals");
      }
      if (ping.text().isEmpty()) {
        return Future.failedFuture(CampusException.invalid(List.of(new FieldError("text", "is required"))));
      }
      return Future.succeededFuture(new Ping.Pong(ping.text().repeat(ping.times())));
    }).on(Ping.ADMIN_ECHO, ping -> Future.succeededFuture(new Ping.Pong(ping.text())))
        .on(Ping.MY_ECHO, mine -> Future.succeededFuture(new Ping.Pong(mine.text())))
        .on(Ping.NEVER, ping -> Promise.<Ping.Pong>promise().future()).ready());
  }

  @Test
  @DisplayName("a well-formed request is answered with the handler's record")
  void answers() {
    assertEquals("abab", join(client.request(Ping.ECHO, new Ping("ab", 2), 2_000)).text());
  }

  @Test
  @DisplayName("a field of the wrong type is a VALIDATION error naming the field")
  void wrongType() {
    CampusException e = rawRequest(new JsonObject().put("text", "a").put("times", "two"));
    assertEquals(ErrorCode.VALIDATION, e.code());
    assertEquals(List.of(new FieldError("times", "expected an integer")), e.errors());
  }

  @Test
  @DisplayName("an unknown field and a missing number are refused, not guessed")
  void strict() {
    assertEquals(List.of(new FieldError("extra", "is not a known field")),
        rawRequest(new JsonObject().put("text", "a").put("times", 1).put("extra", true)).errors());
    assertEquals("times", rawRequest(new JsonObject().put("text", "a")).errors().get(0).field());
  }

  @Test
  @DisplayName("a database refusing connections or shutting down is UNAVAILABLE with a retry hint, never INTERNAL")
  void databaseOutage() {
    // A real pool to a port nobody listens on: what a handler meets while its PostgreSQL is down.
    Pool down = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1")
        .setPort(TestNodes.freePort()).setDatabase("gone").setUser("u").setPassword("p")).using(vertx).build();
    try {
      join(new EndpointRegistry(vertx).on(Ping.STORED, ping -> ping.text().equals("shutting down")
          ? Future.failedFuture(new PgException("the database system is shutting down", "FATAL", "57P03", null))
          : down.query("SELECT 1").execute().map(rows -> new Ping.Pong("never"))).ready());
      for (String text : List.of("refused", "shutting down")) {
        CampusException e = assertInstanceOf(CampusException.class,
            failure(client.request(Ping.STORED, new Ping(text, 1), 5_000)));
        assertEquals(ErrorCode.UNAVAILABLE, e.code(), text + ": " + e.getMessage());
        assertTrue(e.retryAfterSeconds() > 0, text);
      }
    } finally {
      down.close();
    }
  }

  @Test
  @DisplayName("a typed failure keeps its kind and field errors across the bus")
  void typedFailure() {
    CampusException e = assertInstanceOf(CampusException.class, failure(client.request(Ping.ECHO, new Ping("", 1), 2_000)));
    assertEquals(ErrorCode.VALIDATION, e.code());
    assertEquals(List.of(new FieldError("text", "is required")), e.errors());
  }

  @Test
  @DisplayName("a bug in a handler is INTERNAL and does not leak its message")
  void bug() {
    CampusException e = assertInstanceOf(CampusException.class, failure(client.request(Ping.ECHO, new Ping("bug", 1), 2_000)));
    assertEquals(ErrorCode.INTERNAL, e.code());
    assertFalse(e.detail().contains("secret"), e.detail());
  }

  @Test
  @DisplayName("an admin endpoint answers only a caller with the admin role: none or a student is FORBIDDEN")
  void adminOnly() {
    Ping ping = new Ping("x", 1);
    assertEquals(ErrorCode.FORBIDDEN, campus(failure(client.request(Ping.ADMIN_ECHO, ping, 2_000))).code());
    assertEquals(ErrorCode.FORBIDDEN,
        campus(failure(client.request(Ping.ADMIN_ECHO, ping, 2_000, TestCallers.STUDENT))).code());
    // Roles are matched whole: "administrator" or "xadmin" is not "admin".
    Caller lookalike = new Caller(UUID.randomUUID(), Set.of("administrator", "xadmin"));
    assertEquals(ErrorCode.FORBIDDEN, campus(failure(client.request(Ping.ADMIN_ECHO, ping, 2_000, lookalike))).code());
    assertEquals("x", join(client.request(Ping.ADMIN_ECHO, ping, 2_000, TestCallers.ADMIN)).text());
  }

  @Test
  @DisplayName("an endpoint for a user's own requests answers only that user: anyone else, an admin too, is FORBIDDEN")
  void selfOnly() {
    UUID ann = UUID.randomUUID();
    Ping.ForUser forAnn = new Ping.ForUser(ann, "mine");
    assertEquals(ErrorCode.FORBIDDEN, campus(failure(client.request(Ping.MY_ECHO, forAnn, 2_000))).code());
    assertEquals(ErrorCode.FORBIDDEN,
        campus(failure(client.request(Ping.MY_ECHO, forAnn, 2_000, TestCallers.user(UUID.randomUUID())))).code());
    assertEquals(ErrorCode.FORBIDDEN,
        campus(failure(client.request(Ping.MY_ECHO, forAnn, 2_000, TestCallers.ADMIN))).code());
    assertEquals("mine", join(client.request(Ping.MY_ECHO, forAnn, 2_000, TestCallers.user(ann))).text());
  }

  @Test
  @DisplayName("a request the service cannot answer within 3/4 of its caller's timeout is answered 'busy' in time")
  void busyBeforeTheCallerGivesUp() {
    CampusException busy = campus(failure(client.request(Ping.NEVER, new Ping("x", 1), 400)));
    assertEquals(ErrorCode.UNAVAILABLE, busy.code(), "the service's answer, not the caller's timeout: " + busy);
    // Without a timeout header (a client that does not say) the caller's own timeout is all there is.
    Throwable silent = failure(vertx.eventBus().request(Ping.NEVER.address(), new Ping("x", 1),
        new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(300).setCodecName(RecordCodec.NAME)));
    assertEquals(ErrorCode.TIMEOUT, io.campus.contracts.error.BusFailures.toCampus(silent, "x").code());
  }

  private static CampusException campus(Throwable failure) {
    return assertInstanceOf(CampusException.class, failure);
  }

  private CampusException rawRequest(JsonObject body) {
    Throwable failure = failure(vertx.eventBus().request(Ping.ECHO.address(), body)
        .recover(t -> Future.failedFuture(io.campus.contracts.error.BusFailures.toCampus(t, Ping.ECHO.address()))));
    return assertInstanceOf(CampusException.class, failure);
  }
}
