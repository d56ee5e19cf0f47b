package io.campus.contracts;

import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.Level;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.FieldError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

  private static final String DRAFT = "{\"slug\":\"s\",\"title\":\"Title\",\"summary\":\"S\",\"author\":\"A\","
      + "\"price\":{\"amount\":100,\"currency\":\"EUR\"},\"level\":\"BEGINNER\",\"tags\":[\"a\"]}";

  @Test
  @DisplayName("a well-formed request is read into its record")
  void reads() {
    CourseDraft draft = Json.decodeRequest(new JsonObject(DRAFT), CourseDraft.class);
    assertEquals(new Money(100, "EUR"), draft.price());
    assertEquals(Level.BEGINNER, draft.level());
  }

  @ParameterizedTest(name = "{0} → {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "\"title\":\"Title\"|\"title\":5|title|expected a string",
      "\"title\":\"Title\"|\"title\":true|title|expected a string",
      "\"amount\":100|\"amount\":\"100\"|price.amount|expected an integer",
      "\"amount\":100|\"amount\":1.5|price.amount|expected an integer",
      "\"level\":\"BEGINNER\"|\"level\":\"EXPERT\"|level|expected one of [BEGINNER, INTERMEDIATE, ADVANCED]",
      "\"level\":\"BEGINNER\"|\"level\":1|level|expected one of [BEGINNER, INTERMEDIATE, ADVANCED]",
      "\"tags\":[\"a\"]|\"tags\":\"a\"|tags|expected an array",
      "\"slug\":\"s\"|\"slug\":\"s\",\"extra\":1|extra|is not a known field"})
  @DisplayName("a request that does not fit its record is a VALIDATION error naming the field")
  void strict(String from, String to, String field, String reason) {
    CampusException e = assertThrows(CampusException.class,
        () -> Json.decodeRequest(new JsonObject(DRAFT.replace(from, to)), CourseDraft.class));
    assertEquals(List.of(new FieldError(field, reason)), e.errors());
  }

  @Test
  @DisplayName("an event envelope, JSON payload included, survives encode and decode")
  void envelope() {
    io.campus.contracts.events.EventEnvelope event = new io.campus.contracts.events.EventEnvelope(
        java.util.UUID.randomUUID(), "courses", 7, "course.published", java.time.Instant.parse("2026-01-01T00:00:00Z"),
        null, new JsonObject().put("slug", "x").put("tags", new io.vertx.core.json.JsonArray().add("a")));
    assertEquals(event, Json.decode(Json.encode(event), io.campus.contracts.events.EventEnvelope.class));
  }

  @Test
  @DisplayName("a reply or event with fields this reader does not know is still read")
  void tolerant() {
    Money money = Json.decode(new JsonObject("{\"amount\":5,\"currency\":\"EUR\",\"since\":\"v2\"}"), Money.class);
    assertEquals(new Money(5, "EUR"), money);
  }
}
