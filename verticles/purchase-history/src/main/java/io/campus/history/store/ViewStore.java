package io.campus.history.store;

import io.campus.contracts.Money;
import io.campus.contracts.courses.Course;
import io.campus.contracts.history.PurchaseStep;
import io.campus.contracts.history.PurchaseView;
import io.campus.contracts.payments.PurchaseStarted;
import io.campus.contracts.payments.PurchaseStatus;
import io.campus.platform.events.ShadowView;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** All SQL of the purchase history view: the writes of the projection and the reads of the queries. */
public final class ViewStore {

  /** The view's tables: a rebuild fills a shadow copy of them and swaps it in. */
  public static final ShadowView TABLES = ShadowView.of("purchase", "purchase_step", "course");

  private static final String UPSERT_COURSE = """
      INSERT INTO course (id, slug, title, published, updated_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO UPDATE SET slug = EXCLUDED.slug, title = EXCLUDED.title, published = EXCLUDED.published,
                                     updated_at = EXCLUDED.updated_at""";
  private static final String START = """
      INSERT INTO purchase (purchase_id, user_id, course_id, course_slug, course_title, price_amount, price_currency,
                            status, started_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $8)
      ON CONFLICT (purchase_id) DO NOTHING""";
  /**
   * Statuses only move forward (a purchase repeats a step when payments re-drives it, and COMPLETED must not go back
   * to PAID): PENDING, then PAID or FAILED, then COMPLETED, then REFUNDED (a refund may follow any charge).
   */
  private static final String MOVE = """
      UPDATE purchase SET status = $2, reason = coalesce($3, reason), updated_at = $4
       WHERE purchase_id = $1
         AND array_position('{PENDING,PAID,FAILED,COMPLETED,REFUNDED}'::text[], status)
           < array_position('{PENDING,PAID,FAILED,COMPLETED,REFUNDED}'::text[], $2::text)""";
  private static final String KNOWN = "SELECT 1 FROM purchase WHERE purchase_id = $1";
  private static final String STEP = "INSERT INTO purchase_step (purchase_id, status, reached_at) VALUES ($1, $2, $3) "
      + "ON CONFLICT DO NOTHING";
  private static final String COLUMNS = "p.purchase_id, p.course_id, p.course_slug, p.course_title, p.price_amount, "
      + "p.price_currency, p.status, p.reason, p.started_at, p.updated_at, c.published IS NOT FALSE AS available";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM purchase p LEFT JOIN course c ON c.id = p.course_id "
      + "WHERE p.user_id = $1 ORDER BY p.started_at DESC, p.purchase_id LIMIT $2 OFFSET $3";
  private static final String ONE = "SELECT " + COLUMNS + " FROM purchase p LEFT JOIN course c ON c.id = p.course_id "
      + "WHERE p.user_id = $1 AND p.purchase_id = $2";
  private static final String COUNT = "SELECT count(*) FROM purchase WHERE user_id = $1";
  private static final String STEPS = "SELECT purchase_id, status, reached_at FROM purchase_step "
      + "WHERE purchase_id = ANY($1) ORDER BY reached_at, status";

  public Future<Void> upsertCourse(SqlClient tx, Course course) {
    return tx.preparedQuery(UPSERT_COURSE).execute(Tuple.of(course.id(), course.slug(), course.title(),
        course.published(), course.updatedAt().atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  public Future<Void> start(SqlClient tx, PurchaseStarted p) {
    return tx.preparedQuery(START).execute(Tuple.tuple().addUUID(p.purchaseId()).addUUID(p.userId())
            .addUUID(p.courseId()).addString(p.courseSlug()).addString(p.courseTitle()).addLong(p.price().amount())
            .addString(p.price().currency()).addOffsetDateTime(p.startedAt().atOffset(ZoneOffset.UTC)))
        .compose(v -> step(tx, p.purchaseId(), PurchaseStatus.PENDING, p.startedAt()));
  }

  /**
   * Moves a purchase to {@code status}, unless it is there or past it already (a repeated step is a no-op); fails if
   * the view does not know the purchase.
   */
  public Future<Void> move(SqlClient tx, UUID purchaseId, PurchaseStatus status, String reason, Instant at) {
    return tx.preparedQuery(MOVE).execute(Tuple.of(purchaseId, status.name(), reason, at.atOffset(ZoneOffset.UTC)))
        .compose(rows -> rows.rowCount() == 1
            ? step(tx, purchaseId, status, at)
            : tx.preparedQuery(KNOWN).execute(Tuple.of(purchaseId)).compose(known -> known.size() == 1
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(new IllegalStateException("no purchase " + purchaseId + " in the view"))));
  }

  public Future<List<PurchaseView>> page(SqlClient db, UUID userId, int limit, long offset) {
    return db.preparedQuery(PAGE).execute(Tuple.of(userId, limit, offset))
        .compose(rows -> withSteps(db, rows.stream().toList()));
  }

  public Future<List<PurchaseView>> one(SqlClient db, UUID userId, UUID purchaseId) {
    return db.preparedQuery(ONE).execute(Tuple.of(userId, purchaseId))
        .compose(rows -> withSteps(db, rows.stream().toList()));
  }

  public Future<Long> count(SqlClient db, UUID userId) {
    return db.preparedQuery(COUNT).execute(Tuple.of(userId)).map(rows -> rows.iterator().next().getLong(0));
  }

  private Future<Void> step(SqlClient tx, UUID purchaseId, PurchaseStatus status, Instant at) {
    return tx.preparedQuery(STEP).execute(Tuple.of(purchaseId, status.name(), at.atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  private Future<List<PurchaseView>> withSteps(SqlClient db, List<Row> purchases) {
    if (purchases.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    UUID[] ids = purchases.stream().map(r -> r.getUUID("purchase_id")).toArray(UUID[]::new);
    return db.preparedQuery(STEPS).execute(Tuple.of(ids)).map(rows -> {
      Map<UUID, List<PurchaseStep>> steps = new HashMap<>();
      rows.forEach(r -> steps.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>())
          .add(new PurchaseStep(PurchaseStatus.valueOf(r.getString(1)), r.getOffsetDateTime(2).toInstant())));
      return purchases.stream().map(r -> view(r, steps.getOrDefault(r.getUUID("purchase_id"), List.of()))).toList();
    });
  }

  private static PurchaseView view(Row r, List<PurchaseStep> steps) {
    return new PurchaseView(r.getUUID("purchase_id"), r.getUUID("course_id"), r.getString("course_slug"),
        r.getString("course_title"), new Money(r.getLong("price_amount"), r.getString("price_currency")),
        PurchaseStatus.valueOf(r.getString("status")), r.getString("reason"), steps, r.getBoolean("available"),
        r.getOffsetDateTime("started_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
  }
}
