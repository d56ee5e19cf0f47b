package io.campus.contracts.history;

import io.campus.contracts.Endpoint;
import io.campus.contracts.events.ConsumerStatus;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.events.RetryDeadLetters;

/** What the purchase-history read view answers on the bus. */
public final class HistoryApi {

  public static final String SERVICE = "purchase-history";

  /** A user's purchases, newest first, paged. */
  public static final Endpoint<ListPurchases, PurchasePage> LIST =
      Endpoint.read("history.list", ListPurchases.class, PurchasePage.class);
  /** One purchase of that user; {@code NOT_FOUND} for someone else's. */
  public static final Endpoint<GetPurchase, PurchaseView> GET =
      Endpoint.read("history.get", GetPurchase.class, PurchaseView.class);

  /** Admin: the view's position in each stream, the streams' heads, dead letters, whether it is rebuilding. */
  public static final Endpoint<StatusQuery, ConsumerStatus> STATUS =
      Endpoint.admin("history.admin.status", StatusQuery.class, ConsumerStatus.class);
  /** Admin: drop the view and build it again from position 0 of every stream. */
  public static final Endpoint<Rebuild, ConsumerStatus> REBUILD =
      Endpoint.admin("history.admin.rebuild", Rebuild.class, ConsumerStatus.class);
  /** Admin: apply the dead-lettered events again. */
  public static final Endpoint<RetryDeadLetters, ConsumerStatus> RETRY_DEAD_LETTERS =
      EventsApi.retryDeadLetters(SERVICE);

  private HistoryApi() {
  }
}
