package io.campus.courses.catalog;

import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.CourseId;
import io.campus.contracts.courses.CoursePage;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.FindCourse;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.courses.UpdateCourse;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.events.EventType;
import io.campus.courses.store.CourseStore;
import io.campus.platform.db.Outbox;
import io.campus.platform.db.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.UUID;

/**
 * The catalog's rules and transactions. Every change that others must hear about writes its event to the outbox
 * in the same transaction, so a change is never visible without its event or the other way round.
 */
public final class CatalogService {

  private static final Outbox OUTBOX = new Outbox(CoursesApi.SERVICE);

  private final Pool pool;
  private final CourseStore store = new CourseStore();

  public CatalogService(Pool pool) {
    this.pool = pool;
  }

  public Future<CoursePage> list(ListCourses query) {
    CourseRules.checkQuery(query);
    String q = blankToNull(query.q());
    String tag = blankToNull(query.tag());
    long offset = (long) (query.page() - 1) * query.size();
    return Future.all(store.page(pool, q, tag, query.size(), offset), store.count(pool, q, tag))
        .map(both -> new CoursePage(both.resultAt(0), query.page(), query.size(), both.<Long>resultAt(1)));
  }

  public Future<Course> get(FindCourse find) {
    String slug = blankToNull(find.slug());
    if (slug == null) {
      throw CampusException.invalid("slug", "is required");
    }
    return store.publishedBySlug(pool, slug)
        .map(found -> found.orElseThrow(() -> CampusException.notFound("No course '" + slug + "' in the catalog")));
  }

  public Future<Course> create(CourseDraft draft) {
    CourseDraft valid = CourseRules.validDraft(draft);
    return pool.withTransaction(tx -> store.insert(tx, UUID.randomUUID(), valid, false))
        .recover(e -> Future.failedFuture(slugTaken(e, valid.slug())));
  }

  public Future<Course> update(UpdateCourse update) {
    UUID id = required(update.id());
    if (update.draft() == null) {
      throw CampusException.invalid("draft", "is required");
    }
    CourseDraft valid = CourseRules.validDraft(update.draft());
    return pool.withTransaction(tx -> store.update(tx, id, valid)
            .map(found -> found.orElseThrow(() -> noSuchCourse(id)))
            .compose(course -> emit(tx, CoursesApi.UPDATED, course)))
        .recover(e -> Future.failedFuture(slugTaken(e, valid.slug())));
  }

  public Future<Course> publish(CourseId course) {
    return setPublished(required(course.id()), true, CoursesApi.PUBLISHED);
  }

  public Future<Course> unpublish(CourseId course) {
    return setPublished(required(course.id()), false, CoursesApi.UNPUBLISHED);
  }

  /** Creates and publishes {@code drafts} when the catalog is empty; answers how many were created. */
  public Future<Integer> seedIfEmpty(List<CourseDraft> drafts) {
    return pool.withTransaction(tx -> store.lockedIsEmpty(tx).compose(empty -> {
      Future<Void> chain = Future.succeededFuture();
      if (!empty) {
        return Future.succeededFuture(0);
      }
      for (CourseDraft draft : drafts) {
        CourseDraft valid = CourseRules.validDraft(draft);
        chain = chain.compose(v -> store.insert(tx, UUID.randomUUID(), valid, true)
            .compose(course -> emit(tx, CoursesApi.PUBLISHED, course)).mapEmpty());
      }
      return chain.map(drafts.size());
    }));
  }

  /** A publish or unpublish of a course already in that state changes nothing and emits nothing. */
  private Future<Course> setPublished(UUID id, boolean published, EventType<Course> event) {
    return pool.withTransaction(tx -> store.setPublished(tx, id, published).compose(changed -> changed.isPresent()
        ? emit(tx, event, changed.get())
        : store.byId(tx, id).map(found -> found.orElseThrow(() -> noSuchCourse(id)))));
  }

  private static Future<Course> emit(SqlConnection tx, EventType<Course> event, Course course) {
    return OUTBOX.append(tx, event, course).map(course);
  }

  private static Throwable slugTaken(Throwable e, String slug) {
    if (PgErrors.isUniqueViolation(e)) {
      return CampusException.conflict("The slug '" + slug + "' is already taken");
    }
    return e;
  }

  private static UUID required(UUID id) {
    if (id == null) {
      throw CampusException.invalid("id", "is required");
    }
    return id;
  }

  private static CampusException noSuchCourse(UUID id) {
    return CampusException.notFound("No course with id " + id);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
