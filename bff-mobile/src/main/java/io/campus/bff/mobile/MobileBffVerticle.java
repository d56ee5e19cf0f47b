package io.campus.bff.mobile;

import io.campus.bff.common.BffCore;
import io.campus.contracts.history.HistoryApi;
import io.campus.platform.node.CampusNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The mobile BFF: its core, shared by {@code mobile.http.instances} HTTP server verticles on one port. */
public final class MobileBffVerticle extends VerticleBase {

  private final CampusNode node;
  private BffCore core;

  public MobileBffVerticle(CampusNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return BffCore.start(vertx, node, "bff-mobile").compose(started -> {
      core = started;
      MobileRoutes routes = new MobileRoutes(core.catalog(), core.upstream(HistoryApi.SERVICE), core.tokens());
      return vertx.deployVerticle(() -> new MobileHttpVerticle(node.config(), routes, core.limiter()),
          new DeploymentOptions().setInstances(node.config().getInt("mobile.http.instances", 1)));
    });
  }

  @Override
  public Future<?> stop() {
    return core.stop();
  }
}
