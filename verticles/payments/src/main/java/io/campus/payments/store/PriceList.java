package io.campus.payments.store;

import io.campus.contracts.Money;
import io.campus.contracts.courses.Course;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * What payments knows from other services' events, to sell a course: its price and whether it is for sale (from the
 * catalog's events) and who owns it already (from enrollment events).
 */
public final class PriceList {

  /** A course as payments sells it. */
  public record Price(String slug, String title, Money price, boolean published) {
  }

  private static final String UPSERT_PRICE = """
      INSERT INTO price (course_id, slug, title, amount, currency, published, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (course_id) DO UPDATE SET slug = EXCLUDED.slug, title = EXCLUDED.title, amount = EXCLUDED.amount,
        currency = EXCLUDED.currency, published = EXCLUDED.published, updated_at = EXCLUDED.updated_at""";
  private static final String PRICE = "SELECT slug, title, amount, currency, published FROM price "
      + "WHERE course_id = $1";
  private static final String OWN = "INSERT INTO ownership (user_id, course_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
  private static final String OWNS = "SELECT 1 FROM ownership WHERE user_id = $1 AND course_id = $2";

  public Future<Void> upsertPrice(SqlClient tx, Course c) {
    return tx.preparedQuery(UPSERT_PRICE).execute(Tuple.of(c.id(), c.slug(), c.title(), c.price().amount(),
        c.price().currency(), c.published(), c.updatedAt().atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  public Future<Optional<Price>> price(SqlClient db, UUID courseId) {
    return db.preparedQuery(PRICE).execute(Tuple.of(courseId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new Price(r.getString("slug"), r.getString("title"),
          new Money(r.getLong("amount"), r.getString("currency")), r.getBoolean("published")));
    });
  }

  public Future<Void> own(SqlClient tx, UUID userId, UUID courseId) {
    return tx.preparedQuery(OWN).execute(Tuple.of(userId, courseId)).mapEmpty();
  }

  public Future<Boolean> owns(SqlClient db, UUID userId, UUID courseId) {
    return db.preparedQuery(OWNS).execute(Tuple.of(userId, courseId)).map(rows -> rows.size() > 0);
  }
}
