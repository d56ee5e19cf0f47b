package io.campus.contracts;

import io.campus.contracts.courses.Course;
import io.campus.contracts.courses.CoursePage;
import io.campus.contracts.courses.Level;
import io.campus.contracts.error.CampusException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecTest {

  private final RecordCodec codec = new RecordCodec();
  private final Course course = new Course(UUID.randomUUID(), "s", "Title", "Summary", "Author",
      new Money(1999, "EUR"), Level.ADVANCED, List.of("a", "b"), true,
      Instant.parse("2026-01-02T03:04:05.123456Z"), Instant.parse("2026-01-02T03:04:06Z"));

  @Test
  @DisplayName("a record survives the cluster wire unchanged, nested records, lists and instants included")
  void wireRoundTrip() {
    CoursePage page = new CoursePage(List.of(course, course), 2, 2, 7);
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, page);
    assertEquals(page, codec.decodeFromWire("prefix".length(), wire));
  }

  @Test
  @DisplayName("within one JVM the record itself is handed over, and it cannot be changed by either side")
  void localIsByReference() {
    assertSame(course, codec.transform(course));
    assertThrows(UnsupportedOperationException.class, () -> course.tags().add("c"));
  }

  @Test
  @DisplayName("a type name from outside the contracts is never instantiated")
  void refusesForeignTypes() {
    Buffer wire = Buffer.buffer();
    byte[] type = "java.util.HashMap".getBytes();
    wire.appendInt(type.length).appendBytes(type).appendInt(2).appendString("{}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(0, wire));
    assertTrue(e.getMessage().contains("not a contract type"));
  }

  @Test
  @DisplayName("JSON of the wrong shape is a VALIDATION error naming the field")
  void wrongShape() {
    CampusException e = assertThrows(CampusException.class,
        () -> Json.fromBytes("{\"amount\":\"ten\",\"currency\":\"EUR\"}".getBytes(), Money.class));
    assertEquals("amount", e.errors().get(0).field());
  }
}
