package io.campus.contracts.courses;

/** Asks for one published course by its slug. */
public record FindCourse(String slug) {
}
