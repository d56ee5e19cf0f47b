package io.campus.bff.common;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.util.RawValue;
import io.campus.bff.common.upstream.Upstream;
import io.campus.contracts.Json;
import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CoursePage;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.FindCourse;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The catalog as the BFF last read it. Emptied by every course event (so a published change shows at once), and
 * entries expire after a short time anyway, because a live event can be missed. Concurrent misses for one key share
 * one call; failures are never kept. While courses is down (unavailable, or no answer in time) the last good answer
 * of a query is served instead, for at most {@code staleMs} after it was read: the catalog outlives a short outage.
 */
public final class CatalogCache {

  private record Entry(Future<?> value, long expiresAt) {
  }

  private record Good(Object value, long readAt) {
  }

  private final Upstream courses;
  private final long ttlMs;
  private final long staleMs;
  private final int maxEntries;
  private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Object, Good> lastGood = new ConcurrentHashMap<>();

  public CatalogCache(Upstream courses, long ttlMs, long staleMs, int maxEntries) {
    this.courses = courses;
    this.ttlMs = ttlMs;
    this.staleMs = staleMs;
    this.maxEntries = maxEntries;
  }

  public Future<CoursePage> page(ListCourses query) {
    return cached(query, () -> courses.call(CoursesApi.LIST, query));
  }

  /**
   * The page as JSON, written once per cache entry: answers embed it as it is (most of a catalog or home answer's
   * bytes), instead of writing the same courses again for every request.
   */
  public Future<RawValue> pageJson(ListCourses query) {
    return cached(new Written(query), () -> page(query)
        .map(page -> new RawValue(new SerializedString(new String(Json.toBytes(page), StandardCharsets.UTF_8)))));
  }

  /** The key of a query's written form. */
  private record Written(ListCourses query) {
  }

  public Future<Course> course(String slug) {
    return cached(new FindCourse(slug), () -> courses.call(CoursesApi.GET, new FindCourse(slug)));
  }

  /** Forgets everything (a course changed). */
  public void invalidate() {
    entries.clear();
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> cached(Object key, Supplier<Future<T>> load) {
    long now = System.currentTimeMillis();
    Entry entry = entries.get(key);
    if (entry != null && entry.expiresAt() > now && !entry.value().failed()) {
      return (Future<T>) entry.value();
    }
    if (entries.size() >= maxEntries) {
      entries.clear(); // crude but bounded; the catalog is small and re-read cheaply
    }
    if (lastGood.size() >= maxEntries) {
      lastGood.clear();
    }
    Future<T> loaded = load.get();
    Entry fresh = new Entry(loaded, now + ttlMs);
    entries.put(key, fresh);
    loaded.onSuccess(value -> lastGood.put(key, new Good(value, System.currentTimeMillis())))
        .onFailure(e -> entries.remove(key, fresh));
    return loaded.recover(failure -> stale(key, failure));
  }

  /** The last good answer while courses is out (not for its answers, such as "no such course"), if recent enough. */
  @SuppressWarnings("unchecked")
  private <T> Future<T> stale(Object key, Throwable failure) {
    Good good = lastGood.get(key);
    boolean outage = failure instanceof CampusException campus
        && (campus.code() == ErrorCode.UNAVAILABLE || campus.code() == ErrorCode.TIMEOUT);
    return outage && good != null && System.currentTimeMillis() - good.readAt() <= staleMs
        ? Future.succeededFuture((T) good.value()) : Future.failedFuture(failure);
  }
}
