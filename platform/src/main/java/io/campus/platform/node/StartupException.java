package io.campus.platform.node;

/** A process cannot start for a reason an operator can act on; its message is the one line to print. */
public final class StartupException extends RuntimeException {

  public StartupException(String message) {
    super(message, null, false, false);
  }
}
