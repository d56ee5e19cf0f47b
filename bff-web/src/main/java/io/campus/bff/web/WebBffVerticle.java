package io.campus.bff.web;

import io.campus.contracts.courses.CoursesApi;
import io.campus.platform.discovery.ServiceDirectory;
import io.campus.platform.node.CampusNode;
import io.campus.platform.upstream.Upstream;
import io.campus.platform.upstream.UpstreamOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

/**
 * The web BFF: one view of the services (discovery directory, a circuit breaker per service) shared by
 * {@code http.instances} HTTP server verticles on one port.
 */
public final class WebBffVerticle extends VerticleBase {

  private static final String BREAKERS_CHECK = "bff-web.upstreams";

  private final CampusNode node;
  private ServiceDirectory directory;

  public WebBffVerticle(CampusNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    directory = new ServiceDirectory(vertx, node.discovery());
    UpstreamOptions options = UpstreamOptions.from(node.config());
    Upstream courses = new Upstream(vertx, CoursesApi.SERVICE, directory, options);
    node.management().addReadinessCheck(BREAKERS_CHECK, () -> Future.succeededFuture(
        Status.OK(new JsonObject().put(courses.service(), courses.state().name()))));
    return directory.start(node.config().getInt("directory.resync.ms", 2_000))
        .compose(v -> vertx.deployVerticle(() -> new WebHttpVerticle(node.config(), courses),
            new DeploymentOptions().setInstances(node.config().getInt("http.instances", 1))));
  }

  @Override
  public Future<?> stop() {
    node.management().removeReadinessCheck(BREAKERS_CHECK);
    directory.stop();
    return Future.succeededFuture();
  }
}
