package io.campus.contracts;

/**
 * A request/reply endpoint on the event bus: the address a service answers, the record types of the request and
 * of the reply (both travel as JSON, see {@link Json}), who may call it ({@link Access}), and whether it only reads
 * ({@code read}: it changes nothing, so a caller may send the same request twice and keep the first answer), and
 * whether a service outside the JVM answers it through the bus bridge ({@code bridged}: the request then travels as
 * JSON, since the bridge can write nothing else to its socket). The service checks the access itself from the
 * caller a BFF passes in the message headers ({@link BusHeaders}), so a BFF's check is not the only wall.
 */
public record Endpoint<Q, R>(String address, Class<Q> requestType, Class<R> responseType, Access access,
                             boolean read, boolean bridged) {

  /** Who may call an endpoint. */
  public enum Access {
    /** Any member of the bus: reads, and what services ask each other. */
    OPEN,
    /** Only for a caller with the admin role. */
    ADMIN,
    /** Only for the user the request is about ({@link ForUser#userId()}): acting for a user with their money. */
    SELF
  }

  /** A request made on a user's behalf. */
  public interface ForUser {
    java.util.UUID userId();
  }

  public static <Q, R> Endpoint<Q, R> of(String address, Class<Q> requestType, Class<R> responseType) {
    return new Endpoint<>(address, requestType, responseType, Access.OPEN, false, false);
  }

  /** Open, and it only reads: sending it twice changes nothing (a caller may hedge it). */
  public static <Q, R> Endpoint<Q, R> read(String address, Class<Q> requestType, Class<R> responseType) {
    return new Endpoint<>(address, requestType, responseType, Access.OPEN, true, false);
  }

  /** Privileged: the caller must have the admin role. */
  public static <Q, R> Endpoint<Q, R> admin(String address, Class<Q> requestType, Class<R> responseType) {
    return new Endpoint<>(address, requestType, responseType, Access.ADMIN, false, false);
  }

  /** Privileged: the caller must be the user the request names. */
  public static <Q extends ForUser, R> Endpoint<Q, R> self(String address, Class<Q> requestType,
                                                           Class<R> responseType) {
    return new Endpoint<>(address, requestType, responseType, Access.SELF, false, false);
  }

  /** The same endpoint, answered by a service in another runtime through the bus bridge (its request as JSON). */
  public Endpoint<Q, R> throughBridge() {
    return new Endpoint<>(address, requestType, responseType, access, read, true);
  }
}
