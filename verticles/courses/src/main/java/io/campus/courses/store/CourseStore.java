package io.campus.courses.store;

import io.campus.contracts.Money;
import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.Level;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the catalog. Every method takes the client to run on, so callers decide the transaction. */
public final class CourseStore {

  private static final String COLUMNS =
      "id, slug, title, summary, author, price_amount, price_currency, level, tags, published, created_at, updated_at";
  private static final String MATCH = """
      published
        AND ($1::text IS NULL OR search @@ websearch_to_tsquery('english', $1))
        AND ($2::text IS NULL OR tags @> ARRAY[$2::text])""";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM course WHERE " + MATCH + """
       ORDER BY CASE WHEN $1::text IS NULL THEN 0 ELSE ts_rank(search, websearch_to_tsquery('english', $1)) END DESC,
               title, id
      LIMIT $3 OFFSET $4""";
  private static final String COUNT = "SELECT count(*) FROM course WHERE " + MATCH;
  private static final String BY_SLUG = "SELECT " + COLUMNS + " FROM course WHERE slug = $1 AND published";
  private static final String INSERT = """
      INSERT INTO course (id, slug, title, summary, author, price_amount, price_currency, level, tags, published)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING\s""" + COLUMNS;
  private static final String UPDATE = """
      UPDATE course SET slug = $2, title = $3, summary = $4, author = $5, price_amount = $6, price_currency = $7,
                        level = $8, tags = $9, updated_at = clock_timestamp()
      WHERE id = $1 RETURNING\s""" + COLUMNS;
  private static final String SET_PUBLISHED = """
      UPDATE course SET published = $2, updated_at = clock_timestamp()
      WHERE id = $1 AND published <> $2 RETURNING\s""" + COLUMNS;
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM course WHERE id = $1";
  private static final String IS_EMPTY = "SELECT NOT EXISTS (SELECT 1 FROM course)";
  // Serialises the demo seeding of instances that start together on an empty database.
  private static final String SEED_LOCK = "SELECT pg_advisory_xact_lock(hashtext('courses.seed'))";

  public Future<List<Course>> page(SqlClient db, String q, String tag, int limit, long offset) {
    return db.preparedQuery(PAGE).execute(Tuple.of(q, tag, limit, offset)).map(CourseStore::all);
  }

  public Future<Long> count(SqlClient db, String q, String tag) {
    return db.preparedQuery(COUNT).execute(Tuple.of(q, tag)).map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Optional<Course>> publishedBySlug(SqlClient db, String slug) {
    return db.preparedQuery(BY_SLUG).execute(Tuple.of(slug)).map(CourseStore::first);
  }

  public Future<Optional<Course>> byId(SqlClient db, UUID id) {
    return db.preparedQuery(BY_ID).execute(Tuple.of(id)).map(CourseStore::first);
  }

  public Future<Course> insert(SqlClient db, UUID id, CourseDraft draft, boolean published) {
    return db.preparedQuery(INSERT).execute(fields(id, draft).addBoolean(published))
        .map(rows -> first(rows).orElseThrow());
  }

  public Future<Optional<Course>> update(SqlClient db, UUID id, CourseDraft draft) {
    return db.preparedQuery(UPDATE).execute(fields(id, draft)).map(CourseStore::first);
  }

  /** Sets the flag; empty when the course is missing or already in that state. */
  public Future<Optional<Course>> setPublished(SqlClient db, UUID id, boolean published) {
    return db.preparedQuery(SET_PUBLISHED).execute(Tuple.of(id, published)).map(CourseStore::first);
  }

  public Future<Boolean> lockedIsEmpty(SqlClient db) {
    return db.query(SEED_LOCK).execute()
        .compose(v -> db.query(IS_EMPTY).execute())
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  private static Tuple fields(UUID id, CourseDraft d) {
    return Tuple.tuple()
        .addUUID(id).addString(d.slug()).addString(d.title()).addString(d.summary()).addString(d.author())
        .addLong(d.price().amount()).addString(d.price().currency()).addString(d.level().name())
        .addArrayOfString(d.tags().toArray(String[]::new));
  }

  private static List<Course> all(RowSet<Row> rows) {
    return rows.stream().map(CourseStore::course).toList();
  }

  private static Optional<Course> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(course(rows.iterator().next()));
  }

  private static Course course(Row row) {
    return new Course(
        row.getUUID("id"), row.getString("slug"), row.getString("title"), row.getString("summary"),
        row.getString("author"), new Money(row.getLong("price_amount"), row.getString("price_currency")),
        Level.valueOf(row.getString("level")), List.of(row.getArrayOfStrings("tags")),
        row.getBoolean("published"),
        row.getOffsetDateTime("created_at").atZoneSameInstant(ZoneOffset.UTC).toInstant(),
        row.getOffsetDateTime("updated_at").atZoneSameInstant(ZoneOffset.UTC).toInstant());
  }
}
