package io.campus.contracts.courses;

import io.campus.contracts.Money;

import java.util.List;

/** The editable fields of a course, for create and for a full update. A new course starts unpublished. */
public record CourseDraft(String slug, String title, String summary, String author, Money price, Level level,
                          List<String> tags) {

  public CourseDraft {
    // A copy that cannot change under the receiver; it may hold nulls, which the catalog's rules refuse.
    tags = tags == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tags));
  }
}
