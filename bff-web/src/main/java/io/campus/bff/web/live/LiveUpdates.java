package io.campus.bff.web.live;

import io.campus.contracts.Json;
import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.platform.auth.TokenVerifier;
import io.campus.platform.http.BearerAuth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

import java.util.Map;
import java.util.logging.Logger;

/**
 * Live purchase updates for the web app over a SockJS event-bus bridge at {@code /eventbus}. A signed-in user
 * registers on {@code campus.user.<their id>} with their token in the register message's headers; any other
 * address, and every send from the browser, is refused. Each purchase event of the payments stream is turned into
 * {@code {purchaseId, status, reason}} on its buyer's address, published only to this BFF's own sockets (every BFF
 * instance does the same for its own clients, so nobody gets it twice).
 */
public final class LiveUpdates {

  private static final Logger LOG = Logger.getLogger(LiveUpdates.class.getName());
  private static final String PREFIX = "campus.user.";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final Map<String, String> STATUS = Map.of(
      PaymentsApi.PURCHASE_STARTED.name(), "PENDING",
      PaymentsApi.PAYMENT_SUCCEEDED.name(), "PAID",
      PaymentsApi.PAYMENT_FAILED.name(), "FAILED",
      PaymentsApi.PURCHASE_COMPLETED.name(), "COMPLETED",
      PaymentsApi.PURCHASE_REFUNDED.name(), "REFUNDED");

  private final Vertx vertx;
  private final TokenVerifier tokens;
  private MessageConsumer<JsonObject> purchases;

  public LiveUpdates(Vertx vertx, TokenVerifier tokens) {
    this.vertx = vertx;
    this.tokens = tokens;
  }

  /** The address on which a user's live updates arrive. */
  public static String address(String userId) {
    return PREFIX + userId;
  }

  /** Starts forwarding the payments stream's purchase events to their buyers' addresses. */
  public Future<Void> start() {
    purchases = vertx.eventBus().consumer(EventsApi.live(PaymentsApi.SERVICE), m -> forward(m.body()));
    return purchases.completion();
  }

  public Future<Void> stop() {
    return purchases == null ? Future.succeededFuture() : purchases.unregister();
  }

  /** The bridge, to mount at {@code /eventbus/*}. */
  public Router bridge() {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("campus\\.user\\.[0-9a-f-]{36}"));
    return SockJSHandler.create(vertx).bridge(options, this::authorize);
  }

  private void forward(JsonObject body) {
    EventEnvelope event = Json.decode(body, EventEnvelope.class);
    String status = STATUS.get(event.type());
    String user = event.payload().getString("userId");
    if (status != null && user != null) {
      JsonObject update = new JsonObject().put("purchaseId", event.payload().getString("purchaseId"))
          .put("status", status).put("reason", event.payload().getString("reason"));
      vertx.eventBus().publish(address(user), update, LOCAL);
    }
  }

  /** Registering needs the address's owner's token; nothing may be sent or published from a browser. */
  private void authorize(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SEND || type == BridgeEventType.PUBLISH) {
      event.complete(false);
    } else if (type == BridgeEventType.REGISTER) {
      JsonObject message = event.getRawMessage();
      String address = message.getString("address", "");
      String token = BearerAuth.tokenOf(message.getJsonObject("headers", new JsonObject()).getString("Authorization"));
      if (token == null || !address.startsWith(PREFIX)) {
        event.complete(false);
        return;
      }
      tokens.verify(token).onComplete(ar -> {
        boolean own = ar.succeeded() && address.equals(address(ar.result().userId().toString()));
        if (!own) {
          LOG.info("live updates: refused a registration on " + address);
        }
        event.complete(own);
      });
    } else {
      event.complete(true);
    }
  }
}
