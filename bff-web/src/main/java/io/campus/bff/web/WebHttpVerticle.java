package io.campus.bff.web;

import io.campus.bff.common.AuthRoutes;
import io.campus.bff.common.PurchaseRoutes;
import io.campus.bff.web.admin.AdminCourseRoutes;
import io.campus.bff.web.catalog.CatalogRoutes;
import io.campus.bff.web.history.HistoryRoutes;
import io.campus.bff.web.home.HomeRoutes;
import io.campus.bff.web.me.MeRoutes;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.http.HttpServers;
import io.campus.platform.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.logging.Logger;

/** The web BFF's HTTP server: the route table, and problem+json for every failure. */
final class WebHttpVerticle extends VerticleBase {

  static final long BODY_LIMIT = 64 * 1024;
  private static final Logger LOG = Logger.getLogger(WebHttpVerticle.class.getName());

  private final CampusConfig config;
  private final WebBackends backends;

  WebHttpVerticle(CampusConfig config, WebBackends backends) {
    this.config = config;
    this.backends = backends;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    config.find("http.cors.origin").ifPresent(origin -> router.route("/api/*").handler(CorsHandler.create()
        .addOrigin(origin).allowedHeaders(java.util.Set.of("Authorization", "Content-Type", "Idempotency-Key"))
        .allowedMethods(java.util.Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH))));
    router.route("/api/*").handler(backends.limiter().handler());
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    new HomeRoutes(backends.catalog(), backends.users(), backends.history(), backends.tokens()).mount(router);
    new CatalogRoutes(backends.catalog(), backends.users(), backends.tokens()).mount(router);
    new AuthRoutes(backends.users()).mount(router);
    new MeRoutes(backends.users(), backends.tokens()).mount(router);
    new HistoryRoutes(backends.history(), backends.tokens()).mount(router);
    new PurchaseRoutes(backends.payments(), backends.tokens()).mount(router);
    new AdminCourseRoutes(backends.courses(), backends.tokens()).mount(router);
    router.route("/eventbus/*").subRouter(backends.live().bridge());
    Problems.installOn(router, BODY_LIMIT);

    String host = config.get("http.host", "0.0.0.0");
    return HttpServers.listen(vertx.createHttpServer().requestHandler(router), host, config.getInt("http.port", 8080),
            "http.port")
        .onSuccess(server -> LOG.info("web API on http://" + host + ":" + server.actualPort() + "/api"));
  }
}
