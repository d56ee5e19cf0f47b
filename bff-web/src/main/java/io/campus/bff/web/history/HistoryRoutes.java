package io.campus.bff.web.history;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.PathParams;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.history.GetPurchase;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.history.ListPurchases;
import io.vertx.ext.web.RoutingContext;

import static io.campus.bff.common.http.QueryParams.intParam;
import static io.campus.bff.common.ApiRouter.operation;

/** The signed-in user's purchase history: {@code GET /api/me/purchases} and {@code GET /api/me/purchases/{id}}. */
public final class HistoryRoutes {

  private static final int MAX_PAGE = 10_000;

  private final Upstream history;

  public HistoryRoutes(Upstream history) {
    this.history = history;
  }

  public void mount(RouterBuilder api) {
    operation(api, "listMyPurchases").addHandler(this::list);
    operation(api, "getMyPurchase").addHandler(this::get);
  }

  private void list(RoutingContext ctx) {
    ListPurchases query = new ListPurchases(BearerAuth.caller(ctx).userId(),
        intParam(ctx, "page", 1, 1, MAX_PAGE),
        intParam(ctx, "size", ListPurchases.DEFAULT_SIZE, 1, ListPurchases.MAX_SIZE));
    history.call(HistoryApi.LIST, query)
        .onSuccess(page -> Responses.json(ctx, page))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    history.call(HistoryApi.GET, new GetPurchase(BearerAuth.caller(ctx).userId(), PathParams.uuid(ctx, "id")))
        .onSuccess(purchase -> Responses.json(ctx, purchase))
        .onFailure(ctx::fail);
  }
}
