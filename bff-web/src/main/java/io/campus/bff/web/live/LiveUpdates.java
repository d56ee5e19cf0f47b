package io.campus.bff.web.live;

import io.campus.bff.common.auth.TokenVerifier;
import io.campus.contracts.Json;
import io.campus.contracts.events.EventEnvelope;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseStatus;
import io.campus.platform.config.CampusConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

/**
 * Live purchase updates for the web app over a SockJS event-bus bridge at {@code /eventbus}. A signed-in user
 * registers on {@code campus.user.<their id>} with their token in the register message's headers; any other
 * address, and every send from the browser, is refused, within limits ({@link BridgeAccess}). Each purchase event
 * of the payments stream is turned into {@code {purchaseId, status, reason}} on its buyer's address, published only
 * to this BFF's own sockets (every BFF instance does the same for its own clients, so nobody gets it twice).
 */
public final class LiveUpdates {

  static final String PREFIX = "campus.user.";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final Limits limits;
  private final BridgeAccess access;
  private MessageConsumer<JsonObject> purchases;

  /** The bridge's limits ({@code live.max.*}). */
  public record Limits(int socketsPerUser, int registrationsPerSocket, int refusalsPerSocket) {

    public static Limits from(CampusConfig config) {
      return new Limits(config.getInt("live.max.sockets.per.user", 5, 1),
          config.getInt("live.max.registrations.per.socket", 4, 1),
          config.getInt("live.max.refusals.per.socket", 5, 1));
    }
  }

  public LiveUpdates(Vertx vertx, TokenVerifier tokens, Limits limits) {
    this.vertx = vertx;
    this.limits = limits;
    this.access = new BridgeAccess(tokens, limits);
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
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("campus\\.user\\.[0-9a-f-]{36}"))
        // BridgeAccess caps registrations first (and counts the refusals); the bridge's own cap is a backstop.
        .setMaxHandlersPerSocket(limits.registrationsPerSocket() + 1);
    return SockJSHandler.create(vertx).bridge(options, access);
  }

  private void forward(JsonObject body) {
    EventEnvelope event = Json.decode(body, EventEnvelope.class);
    String status = PurchaseStatus.after(event.type()).map(Enum::name).orElse(null);
    String user = event.payload().getString("userId");
    if (status != null && user != null) {
      JsonObject update = new JsonObject().put("purchaseId", event.payload().getString("purchaseId"))
          .put("status", status).put("reason", event.payload().getString("reason"));
      vertx.eventBus().publish(address(user), update, LOCAL);
    }
  }
}
