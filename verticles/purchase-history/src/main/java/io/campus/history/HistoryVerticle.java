package io.campus.history;

import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.history.ListPurchases;
import io.campus.history.store.ViewStore;
import io.campus.history.view.HistoryQueries;
import io.campus.history.view.PurchaseProjection;
import io.campus.platform.bus.BusClient;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.events.EventConsumer;
import io.campus.platform.node.CampusNode;
import io.campus.platform.node.ServicePresence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.UUID;
import java.util.logging.Logger;

/**
 * The purchase-history service: a read view fed only by the courses and payments event streams. Every instance
 * answers queries; one instance (the consumer's lock holder) projects and answers the admin commands.
 */
public final class HistoryVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(HistoryVerticle.class.getName());
  private static final String CONSUMER = HistoryApi.SERVICE;

  private final CampusNode node;
  private final HistorySettings settings;
  private EventConsumer consumer;
  private ServicePresence presence;
  private EndpointRegistry admin;
  private boolean rebuildAsked;

  public HistoryVerticle(CampusNode node, HistorySettings settings) {
    this.node = node;
    this.settings = settings;
  }

  /** With the settings of {@code node}'s configuration (tests). */
  public HistoryVerticle(CampusNode node) {
    this(node, HistorySettings.from(node.config()));
  }

  @Override
  public Future<?> start() {
    return node.databases().open(HistoryApi.SERVICE).compose(pool -> {
      ViewStore view = new ViewStore();
      consumer = new EventConsumer(node, CONSUMER, pool, PurchaseProjection.subscriptions(view),
          settings.consumer());
      consumer.whenActive(this::onActive);
      consumer.whenStandingBy(this::onStandingBy);
      HistoryQueries queries = new HistoryQueries(pool, view);
      EndpointRegistry endpoints = new EndpointRegistry(vertx)
          .on(HistoryApi.LIST, queries::list)
          .on(HistoryApi.GET, queries::get);
      return consumer.start()
          .compose(v -> ServicePresence.announce(node, HistoryApi.SERVICE, HistoryApi.class, pool, endpoints,
              () -> new BusClient(vertx).request(HistoryApi.LIST, new ListPurchases(UUID.randomUUID(), 1, 20),
                  1_000)))
          .onSuccess(p -> presence = p);
    });
  }

  @Override
  public Future<?> stop() {
    Future<Void> withdrawn = presence == null ? Future.succeededFuture() : presence.withdraw();
    return withdrawn
        .eventually(() -> admin == null ? Future.succeededFuture() : admin.close())
        .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.stop());
  }

  /** The projector answers the admin commands, and runs the rebuild asked for with {@code --rebuild} (once). */
  private void onActive() {
    admin = new EndpointRegistry(vertx)
        .on(HistoryApi.STATUS, query -> Future.succeededFuture(consumer.status()))
        .on(HistoryApi.REBUILD, rebuild -> consumer.rebuild(ViewStore.TABLES)); // dead letters: EventConsumer answers
    if (settings.rebuild() && !rebuildAsked) {
      rebuildAsked = true;
      LOG.info("rebuilding the purchase history from position 0 (--rebuild)");
      consumer.rebuild(ViewStore.TABLES).onFailure(e -> LOG.severe("rebuild failed: " + e.getMessage()));
    }
  }

  /** Replaced by another projector: its admin commands are answered there. */
  private void onStandingBy() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
