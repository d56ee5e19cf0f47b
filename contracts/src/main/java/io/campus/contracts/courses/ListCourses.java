package io.campus.contracts.courses;

/**
 * Asks for one page of published courses.
 *
 * @param q    words to find in title and summary, or null for all
 * @param tag  only courses with this tag, or null
 * @param page 1-based page number
 * @param size courses per page, 1 to {@link #MAX_SIZE}
 */
public record ListCourses(String q, String tag, int page, int size) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;
}
