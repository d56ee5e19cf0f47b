package io.campus.platform.bus;

import io.campus.contracts.Endpoint;

/** A test endpoint's request: the consumer echoes {@code text}. */
public record Ping(String text, int times) {

  public static final Endpoint<Ping, Pong> ECHO = Endpoint.of("test.echo", Ping.class, Pong.class);

  /** The test endpoint's reply. */
  public record Pong(String text) {
  }
}
