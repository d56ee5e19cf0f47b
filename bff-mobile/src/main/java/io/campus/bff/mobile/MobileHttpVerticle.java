package io.campus.bff.mobile;

import io.campus.bff.common.ApiRouter;
import io.campus.bff.common.auth.TokenVerifier;
import io.campus.bff.common.limits.RateLimiter;
import io.campus.platform.http.HttpServers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** The mobile BFF's HTTP server on {@code mobile.http.port} (8081): the API from its contract, limits, docs. */
final class MobileHttpVerticle extends VerticleBase {

  static final String CONTRACT = "openapi/mobile.yaml";
  private static final long BODY_LIMIT = 16 * 1024;
  private static final Logger LOG = Logger.getLogger(MobileHttpVerticle.class.getName());

  private final MobileSettings settings;
  private final RateLimiter limiter;
  private final TokenVerifier tokens;
  private final List<Consumer<RouterBuilder>> routes;

  MobileHttpVerticle(MobileSettings settings, RateLimiter limiter, TokenVerifier tokens,
                     List<Consumer<RouterBuilder>> routes) {
    this.settings = settings;
    this.limiter = limiter;
    this.tokens = tokens;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    // Phones are not browsers: no CORS origin.
    ApiRouter.Settings api = new ApiRouter.Settings(CONTRACT, BODY_LIMIT, limiter, tokens, Optional.empty());
    String host = settings.bff().host();
    return ApiRouter.create(vertx, api, routes).compose(router -> HttpServers.listen(
            vertx.createHttpServer(settings.bff().server()).requestHandler(router), host, settings.port(),
            "mobile.http.port"))
        .onSuccess(server -> LOG.info("mobile API on http://" + host + ":" + server.actualPort() + "/api"));
  }
}
