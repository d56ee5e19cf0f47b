package io.campus.bff.web.admin;

import io.campus.bff.common.http.BearerAuth;
import io.campus.bff.common.http.Responses;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.history.Rebuild;
import io.campus.contracts.history.StatusQuery;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import static io.campus.bff.common.ApiRouter.operation;

/**
 * The purchase history's operations for admins: where its view stands in each stream, and a rebuild from position
 * 0. The rebuild answers once the new view is in place, so both go through an upstream of their own (a timeout sized
 * to it, its own breaker: an admin's calls never open the circuit that users' history reads go through).
 */
public final class AdminHistoryRoutes {

  private final Upstream history;

  public AdminHistoryRoutes(Upstream history) {
    this.history = history;
  }

  public void mount(RouterBuilder api) {
    // The contract requires the admin role for both (bearerAuth: [admin]); purchase-history checks it again.
    operation(api, "historyStatus").addHandler(this::status);
    operation(api, "rebuildHistory").addHandler(this::rebuild);
  }

  private void status(RoutingContext ctx) {
    history.call(HistoryApi.STATUS, new StatusQuery(), BearerAuth.caller(ctx))
        .onSuccess(status -> Responses.json(ctx, status))
        .onFailure(ctx::fail);
  }

  private void rebuild(RoutingContext ctx) {
    history.call(HistoryApi.REBUILD, new Rebuild(), BearerAuth.caller(ctx))
        .onSuccess(status -> Responses.json(ctx, status))
        .onFailure(ctx::fail);
  }
}
