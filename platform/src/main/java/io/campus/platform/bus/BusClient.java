package io.campus.platform.bus;

import io.campus.contracts.BusHeaders;
import io.campus.contracts.Endpoint;
import io.campus.contracts.Json;
import io.campus.contracts.RecordCodec;
import io.campus.contracts.error.BusFailures;
import io.campus.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Calls an endpoint on the bus with a timeout, sending the request record through {@link RecordCodec} (as JSON to
 * an endpoint {@linkplain io.campus.contracts.Endpoint#throughBridge() answered through the bridge}); a failure
 * always comes back as a {@code CampusException}. The timeout travels with the request, and a call made for a
 * verified caller carries them too ({@link BusHeaders}), for the service's own access check.
 */
public final class BusClient {

  private final Vertx vertx;

  public BusClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public <Q, R> Future<R> request(Endpoint<Q, R> endpoint, Q request, long timeoutMs) {
    return request(endpoint, request, timeoutMs, null);
  }

  /** The request on behalf of {@code caller} (null: no one's). */
  public <Q, R> Future<R> request(Endpoint<Q, R> endpoint, Q request, long timeoutMs, Caller caller) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs)
        .addHeader(BusHeaders.TIMEOUT_MS, Long.toString(timeoutMs));
    Object body = request;
    if (endpoint.bridged()) {
      body = Json.encode(request);
    } else {
      options.setCodecName(RecordCodec.NAME);
    }
    if (caller != null) {
      options.addHeader(BusHeaders.SUBJECT, caller.userId().toString())
          .addHeader(BusHeaders.ROLES, String.join(",", caller.roles()));
    }
    return vertx.eventBus().request(endpoint.address(), body, options)
        .map(reply -> reply.body() instanceof JsonObject json
            ? Json.decode(json, endpoint.responseType())
            : endpoint.responseType().cast(reply.body()))
        .recover(failure -> Future.failedFuture(BusFailures.toCampus(failure, endpoint.address())));
  }
}
