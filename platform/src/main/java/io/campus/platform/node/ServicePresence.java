package io.campus.platform.node;

import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.discovery.ServiceRegistration;
import io.vertx.core.Future;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;

/**
 * A service instance being there for others: its endpoints answering, its discovery record published and its
 * readiness checks (database, record) on the management port; and, on stop, all of it taken away in order.
 */
public final class ServicePresence {

  private final CampusNode node;
  private final String service;
  private final Pool pool;
  private final EndpointRegistry endpoints;
  private ServiceRegistration registration;

  private ServicePresence(CampusNode node, String service, Pool pool, EndpointRegistry endpoints) {
    this.node = node;
    this.service = service;
    this.pool = pool;
    this.endpoints = endpoints;
  }

  /**
   * Once every endpoint is registered cluster-wide, publishes the record for {@code service} (whose contract is
   * {@code contract}) and reports ready.
   */
  public static Future<ServicePresence> announce(CampusNode node, String service, Class<?> contract, Pool pool,
                                                 EndpointRegistry endpoints) {
    ServicePresence presence = new ServicePresence(node, service, pool, endpoints);
    return endpoints.ready()
        .compose(v -> ServiceRegistration.publish(node.vertx(), node.discovery(), node.identity(), service,
            service, contract))
        .map(registration -> {
          presence.registration = registration;
          node.management().addReadinessCheck(service + ".db", () -> pool.query("SELECT 1").execute()
              .map(Status.OK())
              .otherwise(e -> Status.KO()));
          node.management().addReadinessCheck(service + ".discovery", registration::check);
          return presence;
        });
  }

  /** Not ready any more, record removed (callers stop choosing us), endpoints closed, then the pool. */
  public Future<Void> withdraw() {
    node.management().removeReadinessCheck(service + ".db");
    node.management().removeReadinessCheck(service + ".discovery");
    return registration.unpublish()
        .eventually(endpoints::close)
        .eventually(pool::close);
  }
}
