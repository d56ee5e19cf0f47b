package io.campus.platform.testing;

import io.campus.platform.auth.Caller;

import java.util.Set;
import java.util.UUID;

/** Callers that tests pass to privileged bus endpoints, as a BFF passes the verified ones. */
public final class TestCallers {

  public static final Caller ADMIN = new Caller(UUID.fromString("00000000-0000-0000-0000-00000000ad01"),
      Set.of("student", "admin"));
  public static final Caller STUDENT = new Caller(UUID.fromString("00000000-0000-0000-0000-0000000057d1"),
      Set.of("student"));

  private TestCallers() {
  }

  /** The user {@code id} themself, for endpoints only a user may call for themself. */
  public static Caller user(UUID id) {
    return new Caller(id, Set.of("student"));
  }
}
