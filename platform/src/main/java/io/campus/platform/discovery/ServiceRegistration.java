package io.campus.platform.discovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.EventBusService;

import java.util.UUID;
import java.util.logging.Logger;

/**
 * A discovery record this node owns: published when its service has started, kept while it runs, removed when it
 * stops. The metadata names the cluster node, so the records of a node that died can be removed by the survivors.
 *
 * <p>Kept: every {@link #KEEP_MS} the node looks for its record and publishes it again if it is gone. The cluster
 * removes the records of a member it stops hearing from (a pause longer than the heartbeat timeout, a network
 * split); when that member comes back, nothing else would ever republish them.
 */
public final class ServiceRegistration {

  private static final Logger LOG = Logger.getLogger(ServiceRegistration.class.getName());
  static final long KEEP_MS = 1_000;

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final long timer;
  private final Record record;
  private volatile boolean withdrawn;
  private boolean checking;

  private ServiceRegistration(Vertx vertx, ServiceDiscovery discovery, Record record) {
    this.vertx = vertx;
    this.discovery = discovery;
    this.record = record;
    this.timer = vertx.setPeriodic(KEEP_MS, id -> keep());
  }

  /** Publishes {@code service}, answering on addresses under {@code address}, described by {@code contract}. */
  public static Future<ServiceRegistration> publish(Vertx vertx, ServiceDiscovery discovery, NodeIdentity node,
                                                    String service, String address, Class<?> contract) {
    return publish(vertx, discovery, EventBusService.createRecord(service, address, contract.getName(),
        new JsonObject().put("service", service).put("version", node.version())
            .put(NodeIdentity.NODE_ID, node.nodeId()).put("nodeName", node.nodeName())
            .put("instanceId", UUID.randomUUID().toString())));
  }

  /** Publishes {@code record}, whose metadata names this node ({@link NodeIdentity#NODE_ID}), and keeps it. */
  public static Future<ServiceRegistration> publish(Vertx vertx, ServiceDiscovery discovery, Record record) {
    return discovery.publish(record).map(published -> new ServiceRegistration(vertx, discovery, published));
  }

  public Record record() {
    return record;
  }

  /** Readiness: the record is in the registry (it is republished within seconds when it is not). */
  public Future<Status> check() {
    return present().map(found -> found ? Status.OK() : Status.KO(new JsonObject().put("reason", "record missing")));
  }

  public Future<Void> unpublish() {
    withdrawn = true;
    vertx.cancelTimer(timer);
    return discovery.unpublish(record.getRegistration());
  }

  private Future<Boolean> present() {
    String registration = record.getRegistration();
    return discovery.getRecord(r -> registration.equals(r.getRegistration()), true).map(found -> found != null);
  }

  private void keep() {
    if (checking || withdrawn) {
      return;
    }
    checking = true;
    present()
        .compose(found -> found || withdrawn ? Future.succeededFuture() : republish())
        .onFailure(e -> LOG.fine("checking record " + record.getName() + " failed: " + e.getMessage()))
        .onComplete(ar -> checking = false);
  }

  /**
   * Puts the record back under its own registration id (an update writes it whatever is there): a check that was
   * wrong about it being gone makes no second copy, and {@link #unpublish} still removes it.
   */
  private Future<Void> republish() {
    return discovery.update(record).compose(updated -> {
      LOG.warning("record " + record.getName() + " was gone from the registry (this node paused, or was cut off, "
          + "past the heartbeat timeout); published it again");
      // Withdrawn meanwhile: take it away again.
      return withdrawn ? discovery.unpublish(record.getRegistration()).recover(e -> Future.succeededFuture())
          : Future.succeededFuture();
    });
  }
}
