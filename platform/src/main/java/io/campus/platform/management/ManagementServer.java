package io.campus.platform.management;

import io.campus.platform.http.HttpServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The management port every Campus JVM has: {@code /health/live} (the process answers), {@code /health/ready}
 * (every registered check passes: databases, cluster, discovery records) and {@code /metrics} (Prometheus).
 */
public final class ManagementServer {

  private static final Logger LOG = Logger.getLogger(ManagementServer.class.getName());

  private final Vertx vertx;
  private final HealthChecks readiness;
  private HttpServer server;

  public ManagementServer(Vertx vertx) {
    this.vertx = vertx;
    this.readiness = HealthChecks.create(vertx);
  }

  /** Adds a readiness check; {@code check} must complete within the health-check timeout. */
  public void addReadinessCheck(String name, Supplier<Future<Status>> check) {
    readiness.register(name, 2_000, promise -> check.get().onComplete(promise));
  }

  public void removeReadinessCheck(String name) {
    readiness.unregister(name);
  }

  public Future<Integer> start(String host, int port, String metricsRegistry) {
    Router router = Router.router(vertx);
    // Alive means the event loop ran this check; a JSON body rather than a bare 204 for humans and probes alike.
    router.get("/health/live").handler(HealthCheckHandler.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK())));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    if (metricsRegistry != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(metricsRegistry));
    }
    return HttpServers.listen(vertx.createHttpServer().requestHandler(router), host, port, "management.port")
        .onSuccess(s -> {
          server = s;
          LOG.info("management on http://" + host + ":" + s.actualPort() + " (/health/live, /health/ready, /metrics)");
        })
        .map(HttpServer::actualPort);
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
