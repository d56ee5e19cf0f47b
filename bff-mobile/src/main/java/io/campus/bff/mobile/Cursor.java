package io.campus.bff.mobile;

import io.campus.contracts.error.CampusException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a cursor page starts. Opaque to clients: they only hand back the {@link #text()} they were given. */
record Cursor(int page, int size) {

  // The web API's bound on page (openapi/web.yaml): no cursor reaches deeper, so no huge OFFSET reaches a database.
  static final int MAX_PAGE = 10_000;
  // Only what text() writes: positive numbers without sign or leading zeros, too short to overflow an int.
  private static final Pattern TEXT = Pattern.compile("v1:([1-9][0-9]{0,8}):([1-9][0-9]{0,8})");

  /** The first page of {@code limit} items when there is no cursor, else where the cursor points. */
  static Cursor read(String text, int limit) {
    if (text == null) {
      return new Cursor(1, limit);
    }
    Matcher parts = TEXT.matcher(decode(text));
    if (!parts.matches()) {
      throw notOurs();
    }
    Cursor cursor = new Cursor(Integer.parseInt(parts.group(1)), Integer.parseInt(parts.group(2)));
    if (cursor.page > MAX_PAGE || cursor.size > MobileRoutes.MAX_LIMIT) {
      throw notOurs();
    }
    return cursor;
  }

  /** The cursor of the following page, or null when this page is the last one a client may ask for. */
  String next(long total) {
    return (long) page * size < total && page < MAX_PAGE ? new Cursor(page + 1, size).text() : null;
  }

  String text() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("v1:" + page + ":" + size).getBytes(StandardCharsets.US_ASCII));
  }

  private static String decode(String text) {
    try {
      return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw notOurs();
    }
  }

  private static CampusException notOurs() {
    return CampusException.invalid("cursor", "is not a cursor this API gave out");
  }
}
