package io.campus.contracts.courses;

import io.campus.contracts.Money;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A course of the catalog as the courses service shows it; also the payload of every course event. */
public record Course(UUID id, String slug, String title, String summary, String author, Money price, Level level,
                     List<String> tags, boolean published, Instant createdAt, Instant updatedAt) {

  public Course {
    tags = tags == null ? List.of() : List.copyOf(tags); // records cross the local bus by reference
  }
}
