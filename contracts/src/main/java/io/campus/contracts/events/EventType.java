package io.campus.contracts.events;

/** A kind of domain event: its name on the wire (past tense, {@code aggregate.happened}) and its payload record. */
public record EventType<P>(String name, Class<P> payloadType) {

  public static <P> EventType<P> of(String name, Class<P> payloadType) {
    return new EventType<>(name, payloadType);
  }
}
