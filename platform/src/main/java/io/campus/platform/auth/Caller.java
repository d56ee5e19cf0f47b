package io.campus.platform.auth;

import java.util.Set;
import java.util.UUID;

/** Who made a request, as their verified access token says. */
public record Caller(UUID userId, Set<String> roles) {

  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean has(String role) {
    return roles.contains(role);
  }
}
