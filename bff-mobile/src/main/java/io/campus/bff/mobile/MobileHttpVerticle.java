package io.campus.bff.mobile;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.http.HttpServers;
import io.campus.platform.http.Problems;
import io.campus.platform.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** The mobile BFF's HTTP server on {@code mobile.http.port} (8081): limits, routes, problem+json. */
final class MobileHttpVerticle extends VerticleBase {

  private static final long BODY_LIMIT = 16 * 1024;
  private static final Logger LOG = Logger.getLogger(MobileHttpVerticle.class.getName());

  private final CampusConfig config;
  private final RateLimiter limiter;
  private final List<Consumer<Router>> routes;

  @SafeVarargs
  MobileHttpVerticle(CampusConfig config, RateLimiter limiter, Consumer<Router>... routes) {
    this.config = config;
    this.limiter = limiter;
    this.routes = List.of(routes);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route("/api/*").handler(limiter.handler());
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    routes.forEach(mount -> mount.accept(router));
    Problems.installOn(router, BODY_LIMIT);
    String host = config.get("http.host", "0.0.0.0");
    return HttpServers.listen(vertx.createHttpServer().requestHandler(router), host,
            config.getInt("mobile.http.port", 8081), "mobile.http.port")
        .onSuccess(server -> LOG.info("mobile API on http://" + host + ":" + server.actualPort() + "/api"));
  }
}
