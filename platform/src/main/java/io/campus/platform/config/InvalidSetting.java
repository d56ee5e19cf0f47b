package io.campus.platform.config;

/** A configured value the process cannot run with; its message is the one line a start ends with. */
public final class InvalidSetting extends IllegalArgumentException {

  InvalidSetting(String message) {
    super(message);
  }
}
