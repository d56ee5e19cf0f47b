package io.campus.bridge.records;

import io.campus.bridge.guard.BridgeGuard;
import io.campus.bridge.guard.BridgeSocket;
import io.campus.contracts.bridge.BridgeApi;
import io.campus.contracts.error.BusFailures;
import io.campus.contracts.error.CampusException;
import io.campus.platform.discovery.NodeIdentity;
import io.campus.platform.discovery.ServiceRegistration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.EventBusService;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The discovery records of the services that run behind the bridge's sockets ({@link BridgeApi#RECORDS}). A record
 * is published for the socket that asked and removed when that socket closes, so a client killed with kill -9 takes
 * its record with it at once; it names this node, so the survivors remove it if the bridge's own JVM dies. Answered
 * on this node only: only this node knows its sockets.
 */
public final class BridgedRecords {

  private static final Logger LOG = Logger.getLogger(BridgedRecords.class.getName());
  private static final Pattern CAPABILITY = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final int MAX_CAPABILITIES = 8;

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final NodeIdentity node;
  private final BridgeGuard guard;
  private final List<String> services;
  private MessageConsumer<Object> consumer;

  public BridgedRecords(Vertx vertx, ServiceDiscovery discovery, NodeIdentity node, BridgeGuard guard,
                        List<String> services) {
    this.vertx = vertx;
    this.discovery = discovery;
    this.node = node;
    this.guard = guard;
    this.services = services;
  }

  public Future<Void> start() {
    consumer = vertx.eventBus().localConsumer(BridgeApi.RECORDS, this::announce);
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void announce(Message<Object> message) {
    BridgeSocket socket = guard.socket(message.headers().get(BridgeApi.SOCKET_HEADER)).orElse(null);
    if (socket == null) {
      BusFailures.fail(message, CampusException.forbidden("only a client of this bridge announces a service here"));
      return;
    }
    JsonObject body = message.body() instanceof JsonObject json ? json : new JsonObject();
    String service = body.getValue("service") instanceof String s ? s : null;
    if (service == null || !services.contains(service)) {
      BusFailures.fail(message, CampusException.invalid("service", "must be one of " + services));
      return;
    }
    List<String> capabilities = capabilities(body.getValue("capabilities"));
    if (capabilities == null) {
      BusFailures.fail(message, CampusException.invalid("capabilities",
          "must be at most " + MAX_CAPABILITIES + " names of lowercase letters, digits and '-'"));
      return;
    }
    if (!socket.announce(service)) {
      BusFailures.fail(message, CampusException.conflict(service + " is announced on this socket already"));
      return;
    }
    ServiceRegistration.publish(vertx, discovery, EventBusService.createRecord(service, service,
            "campus.polyglot." + service, new JsonObject().put("service", service).put("version", node.version())
                .put(NodeIdentity.NODE_ID, node.nodeId()).put("nodeName", node.nodeName())
                .put("instanceId", UUID.randomUUID().toString()).put("bridgeClient", socket.client())
                .put("capabilities", new JsonArray(capabilities))))
        .onSuccess(registration -> {
          // Closed while the record was on its way: onClose runs at once and takes it away again.
          socket.onClose(() -> registration.unpublish().onComplete(
              v -> LOG.info("bridge client " + socket.id() + " closed: record " + service + " removed"),
              // The record names this node: the others remove it if this node goes; until then it is a stale one.
              e -> LOG.warning("bridge client " + socket.id() + " closed, but its record " + service
                  + " could not be removed: " + e.getMessage())));
          message.reply(new JsonObject().put("registration", registration.record().getRegistration()));
          LOG.info("bridge client " + socket.id() + " (" + socket.client() + ") announced " + service);
        })
        .onFailure(e -> {
          socket.forget(service);
          BusFailures.fail(message,
              CampusException.unavailable("the record of " + service + " could not be published; try again", 1));
        });
  }

  private static List<String> capabilities(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_CAPABILITIES) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String name) || !CAPABILITY.matcher(name).matches()) {
        return null;
      }
      names.add(name);
    }
    return names;
  }
}
