package io.campus.courses;

import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.ListCourses;
import io.campus.courses.catalog.CatalogService;
import io.campus.courses.catalog.DemoCatalog;
import io.campus.platform.bus.BusClient;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.events.EventStream;
import io.campus.platform.node.CampusNode;
import io.campus.platform.node.ServicePresence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.logging.Logger;

/**
 * The courses service: its database (seeded with a demo catalog when empty), its event stream, its endpoints and its
 * record.
 */
public final class CoursesVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(CoursesVerticle.class.getName());

  private final CampusNode node;
  private ServicePresence presence;
  private EventStream events;

  public CoursesVerticle(CampusNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return node.databases().open(CoursesApi.SERVICE).compose(pool -> {
      CatalogService catalog = new CatalogService(pool);
      return EventStream.start(node, CoursesApi.SERVICE, pool)
          .onSuccess(stream -> events = stream)
          .compose(v -> seed(catalog))
          .compose(v -> ServicePresence.announce(node, CoursesApi.SERVICE, CoursesApi.class, pool, answer(catalog),
              () -> new BusClient(vertx).request(CoursesApi.LIST, new ListCourses(null, null, 1, 20), 1_000)))
          .onSuccess(p -> presence = p);
    });
  }

  @Override
  public Future<?> stop() {
    Future<Void> withdrawn = presence == null ? Future.succeededFuture() : presence.withdraw();
    return withdrawn.eventually(() -> events == null ? Future.succeededFuture() : events.stop());
  }

  private static Future<Void> seed(CatalogService catalog) {
    return catalog.seedIfEmpty(DemoCatalog.courses())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("seeded the demo catalog with " + n + " published courses");
          }
        })
        .mapEmpty();
  }

  private EndpointRegistry answer(CatalogService catalog) {
    return new EndpointRegistry(vertx)
        .on(CoursesApi.LIST, catalog::list)
        .on(CoursesApi.GET, catalog::get)
        .on(CoursesApi.CREATE, catalog::create)
        .on(CoursesApi.UPDATE, catalog::update)
        .on(CoursesApi.PUBLISH, catalog::publish)
        .on(CoursesApi.UNPUBLISH, catalog::unpublish);
  }
}
