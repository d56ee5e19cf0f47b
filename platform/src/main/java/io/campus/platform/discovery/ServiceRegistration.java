package io.campus.platform.discovery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.EventBusService;

import java.util.UUID;

/**
 * A service instance's own discovery record: published when the service has started, removed when it stops.
 * The metadata names the cluster node, so records of a node that died can be removed by the survivors.
 */
public final class ServiceRegistration {

  private final ServiceDiscovery discovery;
  private final Record record;

  private ServiceRegistration(ServiceDiscovery discovery, Record record) {
    this.discovery = discovery;
    this.record = record;
  }

  /**
   * Publishes {@code service}, answering on addresses under {@code address}, described by {@code contract}.
   */
  public static Future<ServiceRegistration> publish(ServiceDiscovery discovery, NodeIdentity node, String service,
                                                    String address, Class<?> contract) {
    JsonObject metadata = new JsonObject()
        .put("service", service)
        .put("version", node.version())
        .put(NodeIdentity.NODE_ID, node.nodeId())
        .put("nodeName", node.nodeName())
        .put("instanceId", UUID.randomUUID().toString());
    Record record = EventBusService.createRecord(service, address, contract.getName(), metadata);
    return discovery.publish(record).map(published -> new ServiceRegistration(discovery, published));
  }

  public Record record() {
    return record;
  }

  /** Readiness: the record is still in the registry. */
  public Future<Status> check() {
    return discovery.getRecord(r -> record.getRegistration().equals(r.getRegistration()), true)
        .map(found -> found != null ? Status.OK() : Status.KO(new JsonObject().put("reason", "record missing")));
  }

  public Future<Void> unpublish() {
    return discovery.unpublish(record.getRegistration());
  }
}
