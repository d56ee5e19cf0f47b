package io.campus.history.view;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.history.GetPurchase;
import io.campus.contracts.history.ListPurchases;
import io.campus.contracts.history.PurchasePage;
import io.campus.contracts.history.PurchaseView;
import io.campus.history.store.ViewStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** The view's answers; a rebuild swaps a whole new view in at once, so they need not wait for it. */
public final class HistoryQueries {

  private final Pool pool;
  private final ViewStore view;

  public HistoryQueries(Pool pool, ViewStore view) {
    this.pool = pool;
    this.view = view;
  }

  public Future<PurchasePage> list(ListPurchases query) {
    requireUser(query.userId());
    if (query.page() < 1) {
      throw CampusException.invalid("page", "must be 1 or more");
    }
    if (query.size() < 1 || query.size() > ListPurchases.MAX_SIZE) {
      throw CampusException.invalid("size", "must be from 1 to " + ListPurchases.MAX_SIZE);
    }
    long offset = (long) (query.page() - 1) * query.size();
    return Future.all(view.page(pool, query.userId(), query.size(), offset), view.count(pool, query.userId()))
        .map(both -> new PurchasePage(both.resultAt(0), query.page(), query.size(), both.<Long>resultAt(1)));
  }

  public Future<PurchaseView> get(GetPurchase query) {
    requireUser(query.userId());
    if (query.purchaseId() == null) {
      throw CampusException.invalid("purchaseId", "is required");
    }
    return view.one(pool, query.userId(), query.purchaseId()).map(found -> found.stream().findFirst()
        .orElseThrow(() -> CampusException.notFound("No purchase " + query.purchaseId())));
  }

  private static void requireUser(java.util.UUID userId) {
    if (userId == null) {
      throw CampusException.invalid("userId", "is required");
    }
  }
}
