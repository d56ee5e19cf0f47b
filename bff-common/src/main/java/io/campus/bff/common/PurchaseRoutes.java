package io.campus.bff.common;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.JsonBodies;
import io.campus.bff.common.http.PathParams;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.Json;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.history.GetPurchase;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseQuery;
import io.campus.contracts.payments.StartPurchase;
import io.campus.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Buying: {@code POST /api/purchases {courseId}} with an {@code Idempotency-Key} answers 202 at once (the charge
 * happens after), {@code GET /api/purchases/{id}} follows it. While payments cannot answer (down, its database
 * down, too slow), the purchase's state is read from the purchase-history view instead, which follows payments'
 * events and may be a moment behind: the answer says so ({@code "source": "purchase-history"}). A purchase the view
 * does not know yet is not "not found" then: the caller hears payments' own 503 or 504 and when to come back.
 */
public final class PurchaseRoutes {

  /** The body of {@code POST /api/purchases}. */
  record PurchaseRequest(UUID courseId) {
  }

  private static final Set<ErrorCode> OUTAGES = EnumSet.of(ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT);

  private final Upstream payments;
  private final Upstream history;

  public PurchaseRoutes(Upstream payments, Upstream history) {
    this.payments = payments;
    this.history = history;
  }

  public void mount(RouterBuilder api) {
    ApiRouter.operation(api, "startPurchase").addHandler(this::start);
    ApiRouter.operation(api, "getPurchase").addHandler(this::get);
  }

  private void start(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null || key.isBlank()) {
      throw CampusException.invalid("Idempotency-Key", "header is required: one value per purchase attempt");
    }
    PurchaseRequest request = JsonBodies.read(ctx, PurchaseRequest.class);
    Caller caller = BearerAuth.caller(ctx);
    payments.call(PaymentsApi.START, new StartPurchase(caller.userId(), request.courseId(), key), caller)
        .onSuccess(state -> {
          ctx.response().setStatusCode(202).putHeader("Location", "/api/purchases/" + state.purchaseId());
          Responses.json(ctx, new JsonObject().put("purchaseId", state.purchaseId().toString())
              .put("status", state.status().name()));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID user = BearerAuth.caller(ctx).userId();
    UUID purchase = PathParams.uuid(ctx, "id");
    payments.call(PaymentsApi.GET, new PurchaseQuery(user, purchase))
        .map(state -> Json.encode(state).put("source", PaymentsApi.SERVICE))
        .recover(failure -> isOutage(failure) ? fromHistory(user, purchase, failure) : Future.failedFuture(failure))
        .onSuccess(answer -> Responses.json(ctx, answer))
        .onFailure(ctx::fail);
  }

  /** The purchase as the history view has it, in payments' shape; payments' own failure if the view cannot say. */
  private Future<JsonObject> fromHistory(UUID user, UUID purchase, Throwable outage) {
    return history.call(HistoryApi.GET, new GetPurchase(user, purchase))
        .map(view -> new JsonObject().put("purchaseId", view.purchaseId().toString())
            .put("courseId", view.courseId().toString()).put("price", Json.encode(view.price()))
            .put("status", view.status().name()).put("reason", view.reason())
            .put("createdAt", view.startedAt().toString()).put("updatedAt", view.updatedAt().toString())
            .put("source", HistoryApi.SERVICE))
        .recover(e -> Future.failedFuture(outage));
  }

  private static boolean isOutage(Throwable failure) {
    return failure instanceof CampusException campus && OUTAGES.contains(campus.code());
  }
}
