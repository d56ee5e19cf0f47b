package io.campus.bff.web;

import io.campus.bff.common.BffCore;
import io.campus.bff.common.Warmup;
import io.campus.bff.web.live.LiveUpdates;
import io.campus.contracts.courses.CoursesApi;
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
 * The web BFF: its core (directory, upstreams, token keys, catalog cache, limits) and live updates, shared by
 * {@code http.instances} HTTP server verticles on one port.
 */
public final class WebBffVerticle extends VerticleBase {

  /** What a visitor opens first: the home page and the catalog (filling the BFF's catalog cache). */
  private static final List<String> WARMUP = List.of("/api/home", "/api/courses", "/api/courses?page=2");

  private final CampusNode node;
  private final WebSettings settings;
  private BffCore core;
  private LiveUpdates live;

  public WebBffVerticle(CampusNode node, WebSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  /** With the settings of {@code node}'s configuration (tests). */
  public WebBffVerticle(CampusNode node) {
    this(node, WebSettings.from(node.config()));
  }

  @Override
  public Future<?> start() {
    return BffCore.start(vertx, node, "bff-web", settings.bff()).compose(started -> {
      core = started;
      live = new LiveUpdates(vertx, core.tokens(), settings.live());
      WebBackends backends = new WebBackends(core.catalog(), core.upstream(CoursesApi.SERVICE),
          core.upstream(UsersApi.SERVICE), core.auth(), core.upstream(HistoryApi.SERVICE),
          core.admin(HistoryApi.SERVICE), core.upstream(PaymentsApi.SERVICE),
          core.upstream(NotificationsApi.SERVICE), core.tokens(), core.limiter(), live);
      return live.start().compose(v -> vertx.deployVerticle(() -> new WebHttpVerticle(settings, backends),
              new DeploymentOptions().setInstances(settings.instances())))
          .compose(id -> Warmup.run(vertx, "bff-web", settings.bff().host(), settings.port(), settings.bff().warmup(),
              WARMUP));
    });
  }

  @Override
  public Future<?> stop() {
    return live.stop().eventually(core::stop);
  }
}
