package io.campus.contracts.courses;

import java.util.List;

/** One page of courses and the total number of courses that match. */
public record CoursePage(List<Course> items, int page, int size, long total) {

  public CoursePage {
    items = List.copyOf(items); // records cross the local bus by reference
  }
}
