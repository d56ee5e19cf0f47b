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
  private final PaymentsSettings settings;
  private EventStream events;
  private EventConsumer consumer;
  private ChargeWorker worker;
  private StuckPurchases stuck;
  private CardProcessor processor;
  private ServiceRegistration processorRecord;
  private ServicePresence presence;

  public PaymentsVerticle(CampusNode node, PaymentsSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  /** With the settings of {@code node}'s configuration (tests). */
  public PaymentsVerticle(CampusNode node) {
    this(node, PaymentsSettings.from(node.config()));
  }

  @Override
  public Future<?> start() {
    return publishProcessor(settings.effectiveProcessorUrl())
        .compose(v -> node.databases().open(PaymentsApi.SERVICE))
        .compose(pool -> {
          processor = new CardProcessor(vertx, node.discovery(), settings.processorTimeoutMs());
          worker = new ChargeWorker(vertx, pool, processor, settings.retryMaxSeconds(), settings.chargeGiveUpSeconds());
          consumer = new EventConsumer(node, PaymentsApi.SERVICE, pool,
              SagaProjection.subscriptions(new PriceList(), new PurchaseStore()), settings.consumer());
          PurchaseService purchases = new PurchaseService(pool, worker::kick);
          return EventStream.start(node, PaymentsApi.SERVICE, pool)
              .onSuccess(stream -> events = stream)
              .compose(v -> consumer.start())
              .onSuccess(v -> {
                worker.start();
                stuck = new StuckPurchases(vertx, node, pool, settings.stuck());
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
