package io.campus.payments.purchases;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.payments.PurchaseQuery;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.contracts.payments.PurchaseState;
import io.campus.contracts.payments.StartPurchase;
import io.campus.payments.store.PriceList;
import io.campus.payments.store.PurchaseStore;
import io.campus.platform.db.Outbox;
import io.campus.platform.db.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.UUID;

/**
 * Starting a purchase: checks the local price list and what the user owns, stores the purchase as {@code PENDING}
 * with {@code purchase.started} in one transaction, and answers at once. The charge is the worker's job. The
 * ownership check is only the quick answer: what makes a course bought once is the database's unique index on live
 * purchases (user, course), which no interleaving of two requests gets past.
 */
public final class PurchaseService {

  private static final Outbox OUTBOX = new Outbox(PaymentsApi.SERVICE);

  private static final int MAX_KEY = 100;

  private final Pool pool;
  private final Runnable onStarted;
  private final PurchaseStore purchases = new PurchaseStore();
  private final PriceList prices = new PriceList();

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
        : create(request).recover(e -> PgErrors.isUniqueViolation(e)
            ? raced(request)
            : Future.failedFuture(e)));
  }

  public Future<PurchaseState> get(PurchaseQuery query) {
    if (query.userId() == null || query.purchaseId() == null) {
      throw CampusException.invalid(query.userId() == null ? "userId" : "purchaseId", "is required");
    }
    return purchases.ofUser(pool, query.purchaseId(), query.userId())
        .map(found -> found.orElseThrow(() -> CampusException.notFound("No purchase " + query.purchaseId())));
  }

  private Future<PurchaseState> create(StartPurchase request) {
    return prices.price(pool, request.courseId()).compose(price -> {
      PriceList.Price course = price.orElseThrow(() -> CampusException.notFound("No course " + request.courseId()));
      if (!course.published()) {
        throw CampusException.conflict("This course is not for sale");
      }
      return prices.owns(pool, request.userId(), request.courseId()).compose(owned -> {
        if (owned) {
          throw CampusException.conflict("You already own this course");
        }
        UUID id = UUID.randomUUID();
        return pool.withTransaction(tx -> purchases.insert(tx, id, request.userId(), request.courseId(),
                course.slug(), course.title(), course.price(), request.idempotencyKey())
            .compose(state -> OUTBOX.append(tx, PaymentsApi.PURCHASE_STARTED,
                new PurchaseStarted(id, request.userId(), request.courseId(), course.slug(),
                    course.title(), course.price(), state.createdAt())).map(state)));
      });
    }).onSuccess(state -> onStarted.run());
  }

  /** The same key again: the same purchase, unless the request differs. */
  private static PurchaseState repeat(PurchaseState existing, StartPurchase request) {
    if (!existing.courseId().equals(request.courseId())) {
      throw CampusException.conflict("This Idempotency-Key was used for another request");
    }
    return existing;
  }

  /** A unique index said no: either the same key won a race, or the user has a live purchase of the course. */
  private Future<PurchaseState> raced(StartPurchase request) {
    return purchases.byKey(pool, request.userId(), request.idempotencyKey()).map(existing -> existing
        .map(state -> repeat(state, request))
        .orElseThrow(() -> CampusException.conflict("You already own this course, or are buying it")));
  }
}
