package io.campus.payments.purchases;

import io.campus.contracts.Money;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseQuery;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.contracts.payments.PurchaseState;
import io.campus.contracts.payments.StartPurchase;
import io.campus.payments.store.CatalogStore;
import io.campus.payments.store.PurchaseStore;
import io.campus.platform.db.Outbox;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/**
 * Starting a purchase: checks the local price list and what the user owns, stores the purchase as {@code PENDING}
 * with {@code purchase.started} in one transaction, and answers at once. The charge is the worker's job. The
 * ownership check is only the quick answer: what makes a course bought once is the database's unique index on live
 * purchases (user, course), which no interleaving of two requests gets past.
 */
public final class PurchaseService {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final int MAX_KEY = 100;

  private final Pool pool;
  private final Runnable onStarted;
  private final PurchaseStore purchases = new PurchaseStore();
  private final CatalogStore catalog = new CatalogStore();

  /** {@code onStarted} wakes the charge worker once a purchase is committed. */
  public PurchaseService(Pool pool, Runnable onStarted) {
    this.pool = pool;
    this.onStarted = onStarted;
  }

  public Future<PurchaseState> start(StartPurchase request) {
    if (request.userId() == null) {
      throw CampusException.invalid("userId", "is required");
    }
    if (request.courseId() == null) {
      throw CampusException.invalid("courseId", "is required");
    }
    String key = request.idempotencyKey();
    if (key == null || key.isBlank() || key.length() > MAX_KEY) {
      throw CampusException.invalid("Idempotency-Key", "must be 1 to " + MAX_KEY + " characters");
    }
    return purchases.byKey(pool, request.userId(), key).compose(existing -> existing.isPresent()
        ? Future.succeededFuture(repeat(existing.get(), request))
        : create(request).recover(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? raced(request, pg)
            : Future.failedFuture(e)));
  }

  public Future<PurchaseState> get(PurchaseQuery query) {
    if (query.userId() == null || query.purchaseId() == null) {
      throw CampusException.invalid(query.userId() == null ? "userId" : "purchaseId", "is required");
    }
    return purchases.byId(pool, query.purchaseId()).map(found -> found
        .filter(row -> row.getUUID("user_id").equals(query.userId()))
        .map(PurchaseStore::state)
        .orElseThrow(() -> CampusException.notFound("No purchase " + query.purchaseId())));
  }

  private Future<PurchaseState> create(StartPurchase request) {
    return catalog.price(pool, request.courseId()).compose(price -> {
      Row course = price.orElseThrow(() -> CampusException.notFound("No course " + request.courseId()));
      if (!course.getBoolean("published")) {
        throw CampusException.conflict("This course is not for sale");
      }
      return catalog.owns(pool, request.userId(), request.courseId()).compose(owned -> {
        if (owned) {
          throw CampusException.conflict("You already own this course");
        }
        UUID id = UUID.randomUUID();
        Money amount = new Money(course.getLong("amount"), course.getString("currency"));
        return pool.withTransaction(tx -> purchases.insert(tx, id, request.userId(), request.courseId(),
                course.getString("slug"), course.getString("title"), amount, request.idempotencyKey())
            .compose(state -> Outbox.append(tx, PaymentsApi.SERVICE, PaymentsApi.PURCHASE_STARTED,
                new PurchaseStarted(id, request.userId(), request.courseId(), course.getString("slug"),
                    course.getString("title"), amount, state.createdAt()), null).map(state)));
      });
    }).onSuccess(state -> onStarted.run());
  }

  /** The same key again: the same purchase, unless the request differs. */
  private static PurchaseState repeat(Row existing, StartPurchase request) {
    if (!existing.getUUID("course_id").equals(request.courseId())) {
      throw CampusException.conflict("This Idempotency-Key was used for another request");
    }
    return PurchaseStore.state(existing);
  }

  /** A unique index said no: either the same key won a race, or the user has a live purchase of the course. */
  private Future<PurchaseState> raced(StartPurchase request, PgException conflict) {
    return purchases.byKey(pool, request.userId(), request.idempotencyKey()).map(existing -> existing
        .map(row -> repeat(row, request))
        .orElseThrow(() -> CampusException.conflict("You already own this course, or are buying it")));
  }
}
