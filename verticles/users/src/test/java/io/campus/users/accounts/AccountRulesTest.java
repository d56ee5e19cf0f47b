package io.campus.users.accounts;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.FieldError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccountRulesTest {

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource({
      "short1234, must be at least 10 characters",
      "1234567890, is one of the most common passwords",
      "Password123, is one of the most common passwords",
      "QWERTYUIOP, is one of the most common passwords"})
  @DisplayName("a password shorter than 10 characters or on the common list is refused, naming the rule")
  void weakPasswords(String password, String rule) {
    CampusException e = assertThrows(CampusException.class, () -> AccountRules.check("a@b.io", password, "Ann"));
    assertEquals(List.of(new FieldError("password", rule)), e.errors());
  }

  @Test
  @DisplayName("a long enough uncommon password is accepted")
  void goodPassword() {
    assertDoesNotThrow(() -> AccountRules.check("ann@example.org", "correct horse battery", "Ann"));
  }

  @Test
  @DisplayName("every field at fault is named at once")
  void allFields() {
    CampusException e = assertThrows(CampusException.class, () -> AccountRules.check("not-an-email", null, " "));
    assertEquals(List.of("email", "password", "name"), e.errors().stream().map(FieldError::field).toList());
  }

  @Test
  @DisplayName("emails compare without case or surrounding spaces")
  void normalizedEmail() {
    assertEquals("ann@example.org", AccountRules.normalizeEmail("  Ann@Example.ORG "));
  }
}
