package io.campus.bff.common;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.JsonBodies;
import io.campus.bff.common.http.PathParams;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseQuery;
import io.campus.contracts.payments.StartPurchase;
import io.campus.platform.auth.Caller;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Buying: {@code POST /api/purchases {courseId}} with an {@code Idempotency-Key} answers 202 at once (the charge
 * happens after), {@code GET /api/purchases/{id}} follows it.
 */
public final class PurchaseRoutes {

  /** The body of {@code POST /api/purchases}. */
  record PurchaseRequest(UUID courseId) {
  }

  private final Upstream payments;

  public PurchaseRoutes(Upstream payments) {
    this.payments = payments;
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
    payments.call(PaymentsApi.GET, new PurchaseQuery(BearerAuth.caller(ctx).userId(), PathParams.uuid(ctx, "id")))
        .onSuccess(state -> Responses.json(ctx, state))
        .onFailure(ctx::fail);
  }
}
