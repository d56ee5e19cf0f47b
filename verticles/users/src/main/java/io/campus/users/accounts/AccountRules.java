package io.campus.users.accounts;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What makes an email, a display name and a password acceptable for an account. */
public final class AccountRules {

  static final int MIN_PASSWORD = 10;
  // Argon2 cost does not grow with length, but a cap keeps request bodies and hashing input bounded.
  static final int MAX_PASSWORD = 128;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");
  private static final Set<String> COMMON = load("/passwords/common.txt");

  private AccountRules() {
  }

  /** Throws {@code VALIDATION} naming every field at fault. */
  static void check(String email, String password, String name) {
    List<FieldError> errors = new ArrayList<>();
    emailError(email).ifPresent(errors::add);
    passwordError(password).ifPresent(errors::add);
    nameError(name).ifPresent(errors::add);
    if (!errors.isEmpty()) {
      throw CampusException.invalid(errors);
    }
  }

  static void checkName(String name) {
    nameError(name).ifPresent(e -> {
      throw CampusException.invalid(List.of(e));
    });
  }

  /** The password rules alone, for an operator-supplied password (the bootstrap admin). */
  public static Optional<String> passwordProblem(String password) {
    return passwordError(password).map(FieldError::reason);
  }

  static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private static Optional<FieldError> emailError(String email) {
    if (email == null || email.isBlank()) {
      return Optional.of(new FieldError("email", "is required"));
    }
    if (email.trim().length() > 254 || !EMAIL.matcher(email.trim()).matches()) {
      return Optional.of(new FieldError("email", "is not an email address"));
    }
    return Optional.empty();
  }

  private static Optional<FieldError> passwordError(String password) {
    if (password == null || password.isEmpty()) {
      return Optional.of(new FieldError("password", "is required"));
    }
    if (password.length() < MIN_PASSWORD) {
      return Optional.of(new FieldError("password", "must be at least " + MIN_PASSWORD + " characters"));
    }
    if (password.length() > MAX_PASSWORD) {
      return Optional.of(new FieldError("password", "must be at most " + MAX_PASSWORD + " characters"));
    }
    if (COMMON.contains(password.toLowerCase(Locale.ROOT))) {
      return Optional.of(new FieldError("password", "is one of the most common passwords"));
    }
    return Optional.empty();
  }

  private static Optional<FieldError> nameError(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of(new FieldError("name", "is required"));
    }
    if (name.trim().length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
      return Optional.of(new FieldError("name", "must be 1 to 100 printable characters"));
    }
    return Optional.empty();
  }

  private static Set<String> load(String resource) {
    try (InputStream in = AccountRules.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
