package io.campus.bridge;

import io.campus.bridge.guard.BridgeGuard;
import io.campus.bridge.records.BridgedRecords;
import io.campus.platform.node.CampusNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.ext.healthchecks.Status;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The TCP event-bus bridge: services in other runtimes connect here, and answer, send and receive on the addresses
 * the settings permit, each frame judged by the {@link BridgeGuard}; the services they announce get discovery
 * records that live as long as their sockets ({@link BridgedRecords}).
 */
public final class BusBridgeVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(BusBridgeVerticle.class.getName());

  private final CampusNode node;
  private final BridgeSettings settings;
  private BridgeGuard guard;
  private BridgedRecords records;
  private TcpEventBusBridge bridge;

  public BusBridgeVerticle(CampusNode node, BridgeSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    guard = new BridgeGuard(settings).measuredBy(node.meters());
    records = new BridgedRecords(vertx, node.discovery(), node.identity(), guard, settings.services());
    BridgeOptions permits = new BridgeOptions();
    settings.send().forEach(p -> permits.addInboundPermitted(new PermittedOptions().setAddressRegex(p.pattern())));
    settings.register().forEach(p -> permits.addOutboundPermitted(
        new PermittedOptions().setAddressRegex(p.pattern())));
    NetServerOptions server = settings.tls().map(NetServerOptions::new).orElseGet(NetServerOptions::new)
        .setIdleTimeout(settings.idleSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    return records.start()
        .compose(v -> TcpEventBusBridge.create(vertx, permits, server, guard).listen(settings.port(), settings.host()))
        .onSuccess(listening -> {
          bridge = listening;
          node.management().addReadinessCheck("bridge", () -> Future.succeededFuture(Status.OK()));
          LOG.info("bus bridge listening on " + settings.host() + ":" + settings.port() + " ("
              + (settings.tls().isPresent() ? "client certificates required" : "shared secret in every frame")
              + ")");
        });
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = bridge == null ? Future.succeededFuture() : bridge.close();
    return closed.eventually(() -> records == null ? Future.succeededFuture() : records.stop());
  }
}
