package io.campus.contracts;

/**
 * A request/reply endpoint on the event bus: the address a service answers and the record types of the request
 * and of the reply. Both travel as JSON (see {@link Json}).
 */
public record Endpoint<Q, R>(String address, Class<Q> requestType, Class<R> responseType) {

  public static <Q, R> Endpoint<Q, R> of(String address, Class<Q> requestType, Class<R> responseType) {
    return new Endpoint<>(address, requestType, responseType);
  }
}
