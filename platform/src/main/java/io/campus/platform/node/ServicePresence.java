package io.campus.platform.node;

import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.discovery.ServiceRegistration;
import io.vertx.core.Future;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A service instance being there for others: its endpoints answering, its discovery record published and its
 * readiness checks (database, record) on the management port; and, on stop, all of it taken away in order.
 */
public final class ServicePresence {

  private static final Logger LOG = Logger.getLogger(ServicePresence.class.getName());

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
   * Once every endpoint is registered cluster-wide and the instance is warm (see {@link #warm}), publishes the record
   * for {@code service} (whose contract is {@code contract}) and reports ready. {@code sample} sends one
   * representative read to the service over the bus (its answer, even NOT_FOUND, does not matter).
   */
  public static Future<ServicePresence> announce(CampusNode node, String service, Class<?> contract, Pool pool,
                                                 EndpointRegistry endpoints, Supplier<Future<?>> sample) {
    ServicePresence presence = new ServicePresence(node, service, pool, endpoints);
    return endpoints.ready()
        .compose(v -> warm(node, service, pool, sample))
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

  /**
   * A fresh instance answers its first requests slowly (connections opened one at a time, statements prepared on
   * first use, code not yet compiled), and callers that time out on it open their circuits again at once: measured
   * under load, a BFF's circuit to a restarted payments or purchase-history closed on its new record and opened
   * again a second later, for 5 s. So before the record goes out, the pool's connections are opened and the service
   * sends itself rounds of {@code sample}, as many at once as the pool has connections: {@code service.warmup.rounds}
   * (20; 0 turns it off), for at most {@code service.warmup.ms} (2000). Never fails.
   */
  private static Future<Void> warm(CampusNode node, String service, Pool pool, Supplier<Future<?>> sample) {
    int rounds = node.settings().warmupRounds();
    long budgetMs = node.settings().warmupMs();
    if (rounds <= 0 || budgetMs <= 0) {
      return Future.succeededFuture();
    }
    int width = Math.max(1, node.databases().poolSize());
    long started = System.nanoTime();
    Future<Void> connections = Future.all(java.util.stream.IntStream.range(0, width)
        .mapToObj(i -> pool.query("SELECT 1").execute().otherwiseEmpty()).toList()).mapEmpty();
    return connections
        .compose(v -> WarmupRounds.run(java.util.Collections.nCopies(width, sample), rounds,
            started + budgetMs * 1_000_000))
        // A database that drops packets, or a sample that hangs: the bound holds all the same.
        .timeout(budgetMs, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onComplete(ar -> LOG.info(service + " warmed up: " + width + " connections"
            + (ar.succeeded() ? " and " + ar.result() + " answers to itself" : "") + " in "
            + (System.nanoTime() - started) / 1_000_000 + " ms"))
        .<Void>mapEmpty()
        .otherwiseEmpty();
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
