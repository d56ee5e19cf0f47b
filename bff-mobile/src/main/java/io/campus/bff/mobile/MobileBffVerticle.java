package io.campus.bff.mobile;

import io.campus.bff.common.AuthRoutes;
import io.campus.bff.common.BffCore;
import io.campus.bff.common.PurchaseRoutes;
import io.campus.bff.common.Warmup;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.notifications.NotificationsApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.node.CampusNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;

/**
 * The mobile BFF: its core and routes (its own, and sign-in and buying as on web), shared by
 * {@code mobile.http.instances} HTTP server verticles on one port.
 */
public final class MobileBffVerticle extends VerticleBase {

  /** What the app opens first: the feed and the catalog (filling the BFF's catalog cache). */
  private static final List<String> WARMUP = List.of("/api/feed", "/api/courses", "/api/courses?page=2");

  private final CampusNode node;
  private final MobileSettings settings;
  private BffCore core;

  public MobileBffVerticle(CampusNode node, MobileSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  /** With the settings of {@code node}'s configuration (tests). */
  public MobileBffVerticle(CampusNode node) {
    this(node, MobileSettings.from(node.config()));
  }

  @Override
  public Future<?> start() {
    return BffCore.start(vertx, node, "bff-mobile", settings.bff()).compose(started -> {
      core = started;
      MobileRoutes routes = new MobileRoutes(core.catalog(), core.upstream(UsersApi.SERVICE),
          core.upstream(HistoryApi.SERVICE), core.upstream(NotificationsApi.SERVICE));
      AuthRoutes auth = new AuthRoutes(core.auth(), core.limiter());
      PurchaseRoutes purchases = new PurchaseRoutes(core.upstream(PaymentsApi.SERVICE),
          core.upstream(HistoryApi.SERVICE));
      return vertx.deployVerticle(() -> new MobileHttpVerticle(settings, core.limiter(), core.tokens(),
              List.of(routes::mount, auth::mount, purchases::mount)),
          new DeploymentOptions().setInstances(settings.instances()))
          .compose(id -> Warmup.run(vertx, "bff-mobile", settings.bff().host(), settings.port(),
              settings.bff().warmup(), WARMUP));
    });
  }

  @Override
  public Future<?> stop() {
    return core.stop();
  }
}
