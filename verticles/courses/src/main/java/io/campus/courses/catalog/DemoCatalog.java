package io.campus.courses.catalog;

import io.campus.contracts.Json;
import io.campus.contracts.courses.CourseDraft;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The demo catalog a new, empty database starts with, so a first run has something to browse. */
public final class DemoCatalog {

  private static final String RESOURCE = "/seed/demo-catalog.json";

  private DemoCatalog() {
  }

  public static List<CourseDraft> courses() {
    try (InputStream in = DemoCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      JsonArray all = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return all.stream().map(o -> Json.decodeRequest((JsonObject) o, CourseDraft.class)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
