package io.campus.payments.processor;

import io.campus.contracts.payments.PaymentsApi;
import io.campus.payments.store.PurchaseStore.Purchase;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;

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
        .setTimeout(timeoutMs + 500).setMaxFailures(5).setResetTimeout(5_000));
  }

  public Future<ChargeResult> charge(Purchase purchase) {
    JsonObject body = new JsonObject().put("amount", purchase.amount()).put("currency", purchase.currency())
        .put("reference", purchase.id().toString());
    return call("/v1/charges", purchase.id().toString(), body);
  }

  public Future<ChargeResult> refund(Purchase purchase) {
    return call("/v1/refunds", "refund-" + purchase.id(), new JsonObject().put("charge", purchase.chargeId()));
  }

  public void close() {
    client.close();
  }

  private Future<ChargeResult> call(String path, String idempotencyKey, JsonObject body) {
    return breaker.<ChargeResult>execute(() -> endpoint().compose(base -> client.postAbs(base + path)
            .putHeader("Idempotency-Key", idempotencyKey)
            .timeout(timeoutMs)
            .sendJsonObject(body))
        .compose(CardProcessor::read))
        .otherwise(e -> new ChargeResult.Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage()));
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

  /** A 5xx fails the breaker's call (it counts); anything the processor decided is a result. */
  private static Future<ChargeResult> read(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 500) {
      return Future.failedFuture("processor answered " + response.statusCode());
    }
    JsonObject json = response.bodyAsJsonObject();
    if ((response.statusCode() == 200 || response.statusCode() == 201) && json != null) {
      return Future.succeededFuture("succeeded".equals(json.getString("status"))
          ? new ChargeResult.Succeeded(json.getString("id"))
          : new ChargeResult.Declined(json.getString("declineReason", json.getString("status"))));
    }
    return Future.succeededFuture(new ChargeResult.Declined("processor refused: " + response.statusCode()
        + (json != null ? " " + json.getString("error") : "")));
  }
}
