package io.campus.bff.web;

import io.campus.bff.common.ApiRouter;
import io.campus.bff.common.AuthRoutes;
import io.campus.bff.common.PurchaseRoutes;
import io.campus.bff.common.Webjars;
import io.campus.bff.web.admin.AdminCourseRoutes;
import io.campus.bff.web.admin.AdminHistoryRoutes;
import io.campus.bff.web.catalog.CatalogRoutes;
import io.campus.bff.web.history.HistoryRoutes;
import io.campus.bff.web.notifications.NotificationRoutes;
import io.campus.bff.web.home.HomeRoutes;
import io.campus.bff.web.me.MeRoutes;
import io.campus.platform.http.HttpServers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.List;
import java.util.logging.Logger;

/** The web BFF's HTTP server: the API from its contract, the live-update bridge, and the web app itself. */
final class WebHttpVerticle extends VerticleBase {

  static final long BODY_LIMIT = 64 * 1024;
  static final String CONTRACT = "openapi/web.yaml";
  /** The app loads only its own scripts and talks only to its own origin (fetch and the bridge's WebSocket). */
  private static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
      + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  private static final Logger LOG = Logger.getLogger(WebHttpVerticle.class.getName());

  private final WebSettings settings;
  private final WebBackends backends;

  WebHttpVerticle(WebSettings settings, WebBackends backends) {
    this.settings = settings;
    this.backends = backends;
  }

  @Override
  public Future<?> start() {
    ApiRouter.Settings api = new ApiRouter.Settings(CONTRACT, BODY_LIMIT, backends.limiter(),
        backends.tokens(), settings.corsOrigin());
    return ApiRouter.create(vertx, api, List.of(
            new HomeRoutes(backends.catalog(), backends.users(), backends.history(), backends.notifications())::mount,
            new CatalogRoutes(backends.catalog(), backends.users())::mount,
            new AuthRoutes(backends.auth(), backends.limiter())::mount,
            new MeRoutes(backends.users())::mount,
            new HistoryRoutes(backends.history())::mount,
            new NotificationRoutes(backends.notifications())::mount,
            new PurchaseRoutes(backends.payments(), backends.history())::mount,
            new AdminCourseRoutes(backends.courses())::mount,
            new AdminHistoryRoutes(backends.historyAdmin())::mount))
        .compose(router -> {
          router.route("/eventbus/*").subRouter(backends.live().bridge());
          router.route("/webjars/sockjs-client/*").handler(StaticHandler.create(Webjars.root("sockjs-client")));
          router.route().handler(WebHttpVerticle::securityHeaders).handler(StaticHandler.create("webroot"));
          String host = settings.bff().host();
          return HttpServers.listen(vertx.createHttpServer(settings.bff().server()).requestHandler(router), host,
                  settings.port(), "http.port")
              .onSuccess(server -> LOG.info("web app on http://" + host + ":" + server.actualPort() + "/ (API /api, "
                  + "docs /docs)"));
        });
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}
