package io.campus.contracts.courses;

/** How much a student should already know. */
public enum Level {
  BEGINNER, INTERMEDIATE, ADVANCED
}
