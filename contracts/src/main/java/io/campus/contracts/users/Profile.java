package io.campus.contracts.users;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as they see themselves: account, roles and enrollments. */
public record Profile(UUID id, String email, String name, List<String> roles, List<Enrollment> enrollments,
                      Instant createdAt) {

  public Profile {
    roles = List.copyOf(roles);
    enrollments = List.copyOf(enrollments);
  }
}
