package io.campus.sandbox;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A card processor stand-in with the semantics of real ones: {@code POST /v1/charges} and {@code POST /v1/refunds}
 * need an {@code Idempotency-Key}; a repeated key gets the first answer, a repeated key with another body a 409;
 * charges can be looked up by key. Knobs: {@code PUT /admin/settings}; counters: {@code GET /admin/stats}.
 */
public final class SandboxVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(SandboxVerticle.class.getName());

  private final String host;
  private final int port;
  private final Ledger ledger = new Ledger();
  private final AtomicReference<SandboxSettings> settings = new AtomicReference<>(SandboxSettings.NORMAL);
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private HttpServer server;

  public SandboxVerticle(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** The port it listens on (useful when started on port 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
    router.post("/v1/charges").handler(ctx -> oneAtATime(ctx, this::charge));
    router.post("/v1/refunds").handler(ctx -> oneAtATime(ctx, this::refund));
    router.get("/v1/charges").handler(this::byKey);
    router.put("/admin/settings").handler(this::configure);
    router.get("/admin/settings").handler(ctx -> ok(ctx, 200, settings.get().toJson()));
    router.get("/admin/stats").handler(ctx -> ok(ctx, 200, ledger.stats()));
    return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> {
      server = s;
      LOG.info("payment sandbox on http://" + host + ":" + s.actualPort());
    });
  }

  /**
   * With {@code conflictWhileInFlight}, a request whose key is still being worked on gets a 409 at once, as Stripe
   * answers: the first request may yet take the money, so this is no answer about the charge.
   */
  private void oneAtATime(RoutingContext ctx, Consumer<RoutingContext> then) {
    String key = ctx.request().getHeader("Idempotency-Key");
    boolean first = key != null && seen.add(key);
    if (!settings.get().conflictWhileInFlight() || key == null) {
      misbehave(ctx, first, then, () -> { });
    } else if (!inFlight.add(key)) {
      ledger.conflicted();
      error(ctx, 409, "idempotency_key_in_progress");
    } else {
      // In progress until the processor has decided, whatever became of the caller's connection.
      misbehave(ctx, first, then, () -> inFlight.remove(key));
    }
  }

  /** Answers after the knobs' latency, failure or hang; {@code decided} runs once the answer is decided. */
  private void misbehave(RoutingContext ctx, boolean first, Consumer<RoutingContext> then, Runnable decided) {
    SandboxSettings now = settings.get();
    long latency = first ? Math.max(now.latencyMs(), now.firstAttemptLatencyMs()) : now.latencyMs();
    if (now.hang()) {
      return; // never answers: the caller's timeout is what is tested
    }
    boolean fails = now.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < now.failureRate();
    Consumer<RoutingContext> answer = c -> {
      decided.run();
      if (fails) {
        error(c, 503, "processor_unavailable");
      } else {
        then.accept(c);
      }
    };
    if (latency > 0 || fails) {
      vertx.setTimer(Math.max(1, latency), id -> answer.accept(ctx));
    } else {
      answer.accept(ctx);
    }
  }

  private void charge(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    JsonObject request = body(ctx);
    if (key == null || key.isBlank() || request == null || request.getLong("amount") == null
        || request.getString("currency") == null) {
      error(ctx, 400, "Idempotency-Key header, amount and currency are required");
      return;
    }
    ledger.counted(key);
    Ledger.Remembered first = ledger.charge(key);
    if (first == null) {
      boolean declined = settings.get().declineAmounts().contains(request.getLong("amount"));
      long pendingMs = settings.get().pendingMs();
      first = ledger.newCharge(key, request, !declined, declined ? "card_declined" : null, pendingMs > 0);
      if (pendingMs > 0 && !declined) {
        vertx.setTimer(pendingMs, id -> ledger.settle(key));
      }
      if (settings.get().dropAfterCharge()) {
        ctx.request().connection().close(); // the money is taken; the answer never arrives
        return;
      }
    } else if (!first.request().equals(request)) {
      error(ctx, 409, "idempotency_key_reused");
      return;
    } else {
      ctx.response().putHeader("Idempotent-Replayed", "true");
    }
    ok(ctx, first.status(), first.response());
  }

  private void refund(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    JsonObject request = body(ctx);
    if (key == null || key.isBlank() || request == null || request.getString("charge") == null) {
      error(ctx, 400, "Idempotency-Key header and charge are required");
      return;
    }
    ledger.counted(key);
    JsonObject charge = ledger.chargeById(request.getString("charge"));
    if (charge == null || !"succeeded".equals(charge.getString("status"))) {
      error(ctx, 404, "no_such_charge");
      return;
    }
    Ledger.Remembered first = ledger.refund(key);
    if (first != null && !first.request().equals(request)) {
      error(ctx, 409, "idempotency_key_reused");
      return;
    }
    Ledger.Remembered refund = first != null ? first : ledger.newRefund(key, request, charge);
    ok(ctx, refund.status(), refund.response());
  }

  private void byKey(RoutingContext ctx) {
    Ledger.Remembered charge = ledger.charge(ctx.queryParams().get("key"));
    ok(ctx, 200, new JsonObject().put("data", charge == null
        ? new io.vertx.core.json.JsonArray() : new io.vertx.core.json.JsonArray().add(charge.response())));
  }

  private void configure(RoutingContext ctx) {
    try {
      SandboxSettings next = SandboxSettings.fromJson(body(ctx) == null ? new JsonObject() : body(ctx));
      settings.set(next);
      ok(ctx, 200, next.toJson());
    } catch (RuntimeException e) {
      error(ctx, 400, e.getMessage());
    }
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static void ok(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ok(ctx, status, new JsonObject().put("error", message));
  }
}
