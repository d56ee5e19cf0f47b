package io.campus.platform.events;

import io.campus.contracts.events.EventBatch;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.events.ReplayRequest;
import io.campus.contracts.error.CampusException;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.node.CampusNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * A producing service's side of its event stream: the relay (one per cluster) and the replay endpoint (every
 * instance answers it from the database). Start it once the service's database is open.
 */
public final class EventStream {

  private final String stream;
  private final Pool pool;
  private final OutboxRelay relay;
  private final EndpointRegistry replay;
  private final OutboxStore store = new OutboxStore();

  private EventStream(CampusNode node, String stream, Pool pool, OutboxRelay relay) {
    this.stream = stream;
    this.pool = pool;
    this.relay = relay;
    this.replay = new EndpointRegistry(node.vertx()).on(EventsApi.replay(stream), this::replay);
  }

  public static Future<EventStream> start(CampusNode node, String stream, Pool pool) {
    return node.databases().connectOptions(stream).compose(options -> {
      EventStream events = new EventStream(node, stream, pool,
          new OutboxRelay(node.vertx(), stream, pool, options, node.meters()));
      events.relay.start();
      return events.replay.ready().map(events);
    });
  }

  /** True while this instance is the stream's relay. */
  public boolean relaying() {
    return relay.active();
  }

  public Future<Void> stop() {
    return replay.close().eventually(relay::stop);
  }

  private Future<EventBatch> replay(ReplayRequest request) {
    if (request.after() < 0) {
      throw CampusException.invalid("after", "must be 0 or more");
    }
    if (request.limit() < 1 || request.limit() > EventsApi.MAX_REPLAY) {
      throw CampusException.invalid("limit", "must be from 1 to " + EventsApi.MAX_REPLAY);
    }
    // The head first: events read after it can only be at or below it, so "caught up" is never claimed too early.
    return store.head(pool, stream).compose(head -> store.after(pool, stream, request.after(), request.limit())
        .map(events -> new EventBatch(events, Math.max(head, events.isEmpty() ? 0 : events.get(events.size() - 1).position()))));
  }
}
