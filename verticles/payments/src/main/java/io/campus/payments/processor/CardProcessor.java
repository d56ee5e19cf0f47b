package io.campus.payments.processor;

import io.campus.contracts.payments.PaymentsApi;
import io.campus.payments.store.PurchaseStore.Purchase;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The external card processor over HTTP, found through its discovery record. Every call carries an idempotency key
 * derived from the purchase, so a retry after a timeout or a crash can never charge twice. Calls have a timeout and
 * sit behind a circuit breaker; only a processor's explicit "declined" is final.
 */
public final class CardProcessor {

  private final WebClient client;
  private final ServiceDiscovery discovery;
  private final CircuitBreaker breaker;
  private final long timeoutMs;

  public CardProcessor(Vertx vertx, ServiceDiscovery discovery, long timeoutMs) {
    this.client = WebClient.create(vertx);
    this.discovery = discovery;
    this.timeoutMs = timeoutMs;
    this.breaker = CircuitBreaker.create("card-processor", vertx, new CircuitBreakerOptions()
        .setTimeout(timeoutMs).setMaxFailures(5).setResetTimeout(5_000));
  }

  public Future<ChargeResult> charge(Purchase purchase) {
    JsonObject body = new JsonObject().put("amount", purchase.amount()).put("currency", purchase.currency())
        .put("reference", purchase.id().toString());
    return call("/v1/charges", purchase.id().toString(), body);
  }

  public Future<ChargeResult> refund(Purchase purchase) {
    return call("/v1/refunds", "refund-" + purchase.id(), new JsonObject().put("charge", purchase.chargeId()));
  }

  /**
   * What the processor knows of the purchase's charge, asked by its idempotency key before payments gives up on a
   * charge whose outcome it never learnt: the charge itself ({@code succeeded}, {@code declined}; {@code pending} is
   * Unavailable), or {@link ChargeResult.NotMade} when it has none.
   */
  public Future<ChargeResult> find(Purchase purchase) {
    return guarded(() -> endpoint()
        .compose(base -> client.getAbs(base + "/v1/charges").addQueryParam("key", purchase.id().toString())
            .timeout(timeoutMs).send().timeout(timeoutMs, TimeUnit.MILLISECONDS))
        .compose(response -> {
          JsonObject json = response.statusCode() == 200 ? json(response) : null;
          JsonArray found = json == null ? null : json.getJsonArray("data");
          if (found == null) {
            return read(response); // no list: a 5xx counts, anything else is no answer
          }
          return found.isEmpty() ? Future.succeededFuture(new ChargeResult.NotMade()) : charge(found.getJsonObject(0));
        }));
  }

  public void close() {
    client.close();
  }

  /**
   * One call with a deadline of {@code timeoutMs} for its answer (the client's own timeout is only an idle one: it
   * closes the request once nothing came for as long). Past the deadline the outcome is unknown: the worker asks
   * again later with the same key, after at least a deadline, so no two calls for a purchase overlap.
   */
  private Future<ChargeResult> call(String path, String idempotencyKey, JsonObject body) {
    return guarded(() -> endpoint().compose(base -> send(base + path, idempotencyKey, body))
        .compose(CardProcessor::read));
  }

  private Future<ChargeResult> guarded(Supplier<Future<ChargeResult>> call) {
    return breaker.execute(call)
        .otherwise(e -> new ChargeResult.Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage()));
  }

  private Future<HttpResponse<Buffer>> send(String url, String idempotencyKey, JsonObject body) {
    return client.postAbs(url).putHeader("Idempotency-Key", idempotencyKey).timeout(timeoutMs)
        .sendJsonObject(body).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** How long a call may take at most: a lease on a purchase must last longer. */
  public long deadlineMs() {
    return timeoutMs;
  }

  private Future<String> endpoint() {
    return discovery.getRecord(r -> PaymentsApi.PROCESSOR_RECORD.equals(r.getName()))
        .compose(record -> record == null
            ? Future.failedFuture("no " + PaymentsApi.PROCESSOR_RECORD + " record")
            : Future.succeededFuture(root(record)));
  }

  private static String root(Record record) {
    return record.getLocation().getString("endpoint");
  }

  /**
   * Only an explicit decline is final. A 5xx fails the breaker's call (it counts). Everything else the processor may
   * say is "not decided yet, ask again with the same key": a 409 for a request with this key still in progress (the
   * first call may yet take the money), a 429, any other 4xx, a {@code pending} charge, a body we cannot read.
   */
  private static Future<ChargeResult> read(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 500) {
      return Future.failedFuture("processor answered " + response.statusCode());
    }
    JsonObject json = json(response);
    if (response.statusCode() / 100 == 2 && json != null) {
      return charge(json);
    }
    return Future.succeededFuture(new ChargeResult.Unavailable("processor answered " + response.statusCode()
        + (json != null ? " " + json.getString("error") : "")));
  }

  /** A charge (or refund) object: only {@code succeeded} and {@code declined} are answers. */
  private static Future<ChargeResult> charge(JsonObject json) {
    String status = json.getString("status");
    if ("succeeded".equals(status)) {
      return Future.succeededFuture(new ChargeResult.Succeeded(json.getString("id")));
    }
    if ("declined".equals(status)) {
      return Future.succeededFuture(new ChargeResult.Declined(json.getString("declineReason", "declined")));
    }
    return Future.succeededFuture(new ChargeResult.Unavailable("processor said " + status));
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
