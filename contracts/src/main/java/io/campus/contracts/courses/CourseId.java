package io.campus.contracts.courses;

import java.util.UUID;

/** Names one course by id (publish, unpublish). */
public record CourseId(UUID id) {
}
