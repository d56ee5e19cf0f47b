package io.campus.platform.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The log lines of a logger (and its children) from a level up, kept for a test to read; close it when done. */
public final class CapturedLogs extends Handler implements AutoCloseable {

  private final Logger logger;
  private final List<String> lines = new ArrayList<>();

  private CapturedLogs(Logger logger, Level level) {
    this.logger = logger;
    setLevel(level);
  }

  /** Starts capturing {@code loggerName} ("" for everything) at {@code level} and above. */
  public static CapturedLogs of(String loggerName, Level level) {
    CapturedLogs captured = new CapturedLogs(Logger.getLogger(loggerName), level);
    captured.logger.addHandler(captured);
    return captured;
  }

  /** Each line: the message, and the exception if there was one. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    if (isLoggable(record)) {
      lines.add(record.getMessage() + (record.getThrown() != null ? " " + record.getThrown() : ""));
    }
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
