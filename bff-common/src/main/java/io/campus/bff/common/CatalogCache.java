package io.campus.bff.common;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.util.RawValue;
import io.campus.contracts.Json;
import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CoursePage;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.courses.FindCourse;
import io.campus.contracts.courses.ListCourses;
import io.campus.platform.upstream.Upstream;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The catalog as the BFF last read it. Emptied by every course event (so a published change shows at once), and
 * entries expire after a short time anyway, because a live event can be missed. Concurrent misses for one key share
 * one call; failures are never kept.
 */
public final class CatalogCache {

  private record Entry(Future<?> value, long expiresAt) {
  }

  private final Upstream courses;
  private final long ttlMs;
  private final int maxEntries;
  private final Map<Object, Entry> entries = new ConcurrentHashMap<>();

  public CatalogCache(Upstream courses, long ttlMs, int maxEntries) {
    this.courses = courses;
    this.ttlMs = ttlMs;
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
    Future<T> loaded = load.get();
    Entry fresh = new Entry(loaded, now + ttlMs);
    entries.put(key, fresh);
    loaded.onFailure(e -> entries.remove(key, fresh));
    return loaded;
  }
}
