package io.campus.contracts.courses;

import java.util.UUID;

/** Replace the editable fields of course {@code id}. */
public record UpdateCourse(UUID id, CourseDraft draft) {
}
