package io.campus.courses;

import io.campus.contracts.courses.CoursesApi;
import io.campus.courses.catalog.CatalogService;
import io.campus.courses.catalog.DemoCatalog;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.discovery.ServiceRegistration;
import io.campus.platform.node.CampusNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;

import java.util.logging.Logger;

/** The courses service: its database, its endpoints on the bus and its discovery record. */
public final class CoursesVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(CoursesVerticle.class.getName());
  private static final String DB_CHECK = "courses.db";
  private static final String RECORD_CHECK = "courses.discovery";

  private final CampusNode node;
  private Pool pool;
  private EndpointRegistry endpoints;
  private ServiceRegistration registration;

  public CoursesVerticle(CampusNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return node.databases().open(CoursesApi.SERVICE)
        .compose(this::seedCatalog)
        .compose(catalog -> answer(catalog).ready())
        .compose(v -> ServiceRegistration.publish(node.discovery(), node.identity(), CoursesApi.SERVICE,
            CoursesApi.SERVICE, CoursesApi.class))
        .onSuccess(this::reportReadiness);
  }

  @Override
  public Future<?> stop() {
    node.management().removeReadinessCheck(DB_CHECK);
    node.management().removeReadinessCheck(RECORD_CHECK);
    Future<Void> unpublished = registration == null ? Future.succeededFuture() : registration.unpublish();
    return unpublished
        .eventually(() -> endpoints == null ? Future.succeededFuture() : endpoints.close())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  private Future<CatalogService> seedCatalog(Pool pool) {
    this.pool = pool;
    CatalogService catalog = new CatalogService(pool);
    return catalog.seedIfEmpty(DemoCatalog.courses())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("seeded the demo catalog with " + n + " published courses");
          }
        })
        .map(catalog);
  }

  private EndpointRegistry answer(CatalogService catalog) {
    endpoints = new EndpointRegistry(vertx)
        .on(CoursesApi.LIST, catalog::list)
        .on(CoursesApi.GET, catalog::get)
        .on(CoursesApi.CREATE, catalog::create)
        .on(CoursesApi.UPDATE, catalog::update)
        .on(CoursesApi.PUBLISH, catalog::publish)
        .on(CoursesApi.UNPUBLISH, catalog::unpublish);
    return endpoints;
  }

  private void reportReadiness(ServiceRegistration registration) {
    this.registration = registration;
    node.management().addReadinessCheck(DB_CHECK, () -> pool.query("SELECT 1").execute()
        .map(Status.OK())
        .otherwise(e -> Status.KO()));
    node.management().addReadinessCheck(RECORD_CHECK, registration::check);
  }
}
