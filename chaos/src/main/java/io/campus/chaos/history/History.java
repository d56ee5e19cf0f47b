package io.campus.chaos.history;

import io.vertx.core.json.JsonObject;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The history of a run: one JSON line per operation, appended as its answer comes (so a run that dies leaves what it
 * did so far), and read back whole by the checker.
 */
public final class History implements AutoCloseable {

  private final BufferedWriter out;

  public History(Path file) {
    try {
      Files.createDirectories(file.getParent());
      this.out = Files.newBufferedWriter(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the history " + file, e);
    }
  }

  public synchronized void append(Operation operation) {
    try {
      out.write(operation.toJson().encode());
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Operation> read(Path file) {
    try (var lines = Files.lines(file)) {
      return lines.filter(l -> !l.isBlank()).map(l -> Operation.fromJson(new JsonObject(l))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the history " + file, e);
    }
  }
}
