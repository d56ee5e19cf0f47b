package io.campus.platform.bus;

import io.campus.contracts.Endpoint;

/** A test endpoint's request: the consumer echoes {@code text}. */
public record Ping(String text, int times) {

  public static final Endpoint<Ping, Pong> ECHO = Endpoint.of("test.echo", Ping.class, Pong.class);
  /** The echo as a read: it changes nothing, so a caller may send it twice. */
  public static final Endpoint<Ping, Pong> READ = Endpoint.read("test.read", Ping.class, Pong.class);
  /** The same echo, for admins only. */
  public static final Endpoint<Ping, Pong> ADMIN_ECHO = Endpoint.admin("test.admin.echo", Ping.class, Pong.class);
  /** An echo that never answers. */
  public static final Endpoint<Ping, Pong> NEVER = Endpoint.of("test.never", Ping.class, Pong.class);
  /** An echo that needs a database. */
  public static final Endpoint<Ping, Pong> STORED = Endpoint.of("test.stored", Ping.class, Pong.class);
  /** An echo for the user it names only. */
  public static final Endpoint<ForUser, Pong> MY_ECHO = Endpoint.self("test.my.echo", ForUser.class, Pong.class);

  /** A request on a user's behalf. */
  public record ForUser(java.util.UUID userId, String text) implements Endpoint.ForUser {
  }

  /** The test endpoint's reply. */
  public record Pong(String text) {
  }
}
