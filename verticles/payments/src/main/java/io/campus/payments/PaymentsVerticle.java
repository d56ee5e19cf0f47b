package io.campus.payments;

import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseQuery;
import io.campus.payments.processor.CardProcessor;
import io.campus.payments.purchases.PurchaseService;
import io.campus.payments.saga.ChargeWorker;
import io.campus.payments.saga.SagaProjection;
import io.campus.payments.saga.StuckPurchases;
import io.campus.payments.store.PriceList;
import io.campus.payments.store.PurchaseStore;
import io.campus.platform.bus.BusClient;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.discovery.NodeIdentity;
import io.campus.platform.discovery.ServiceRegistration;
import io.campus.platform.events.EventConsumer;
import io.campus.platform.events.EventStream;
import io.campus.platform.node.CampusNode;
import io.campus.platform.node.ServicePresence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.types.HttpEndpoint;

import java.util.UUID;

/**
 * The payments service: purchases (the saga), its event stream, the consumer of course and enrollment events, the
 * charge worker, and the discovery record of the card processor it uses (from configuration).
 */
public final class PaymentsVerticle extends VerticleBase {

  private final CampusNode node;
  private EventStream events;
  private EventConsumer consumer;
  private ChargeWorker worker;
  private StuckPurchases stuck;
  private CardProcessor processor;
  private ServiceRegistration processorRecord;
  private ServicePresence presence;

  public PaymentsVerticle(CampusNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    CampusConfig config = node.config();
    // Default: the payment sandbox on this machine (CAMPUS_SANDBOX_PORT, 8090), as started by the all-in-one.
    return publishProcessor(config.get("payments.processor.url",
            "http://127.0.0.1:" + config.getInt("sandbox.port", 8090)))
        .compose(v -> node.databases().open(PaymentsApi.SERVICE))
        .compose(pool -> {
          processor = new CardProcessor(vertx, node.discovery(), config.getInt("payments.processor.timeout.ms", 2_000));
          worker = new ChargeWorker(vertx, pool, processor, config.getInt("payments.retry.max.seconds", 30),
              config.getInt("payments.charge.giveup.seconds", 900));
          consumer = new EventConsumer(node, PaymentsApi.SERVICE, pool,
              SagaProjection.subscriptions(new PriceList(), new PurchaseStore()),
              EventConsumer.Options.from(node.config()));
          PurchaseService purchases = new PurchaseService(pool, worker::kick);
          return EventStream.start(node, PaymentsApi.SERVICE, pool)
              .onSuccess(stream -> events = stream)
              .compose(v -> consumer.start())
              .onSuccess(v -> {
                worker.start();
                stuck = new StuckPurchases(vertx, node, pool);
                stuck.start();
              })
              .compose(v -> ServicePresence.announce(node, PaymentsApi.SERVICE, PaymentsApi.class, pool,
                  new EndpointRegistry(vertx)
                      .on(PaymentsApi.START, purchases::start)
                      .on(PaymentsApi.GET, purchases::get),
                  () -> new BusClient(vertx).request(PaymentsApi.GET, new PurchaseQuery(UUID.randomUUID(),
                      UUID.randomUUID()), 1_000)))
              .onSuccess(p -> presence = p);
        });
  }

  @Override
  public Future<?> stop() {
    if (worker != null) {
      worker.stop();
    }
    if (stuck != null) {
      stuck.stop();
    }
    Future<Void> withdrawn = presence == null ? Future.succeededFuture() : presence.withdraw();
    return withdrawn
        .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.stop())
        .eventually(() -> events == null ? Future.succeededFuture() : events.stop())
        .eventually(() -> processorRecord == null ? Future.succeededFuture()
            : processorRecord.unpublish())
        .onComplete(v -> {
          if (processor != null) {
            processor.close();
          }
        });
  }

  /** The processor is an external endpoint: a record like any service's, published from configuration. */
  private Future<Void> publishProcessor(String url) {
    Record record = new Record().setName(PaymentsApi.PROCESSOR_RECORD).setType(HttpEndpoint.TYPE)
        .setLocation(new JsonObject().put("endpoint", url))
        .setMetadata(new JsonObject().put(NodeIdentity.NODE_ID, node.identity().nodeId()).put("external", true));
    return ServiceRegistration.publish(vertx, node.discovery(), record).onSuccess(r -> processorRecord = r).mapEmpty();
  }
}
