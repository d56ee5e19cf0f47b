package io.campus.contracts.events;

import io.campus.contracts.Endpoint;

/**
 * How a producing service's stream is read. Live: every relayed event is published, as the JSON of its
 * {@link EventEnvelope}, on {@link #live(String)}. Replay: the producer answers "events after position P, at most N"
 * from its own database on {@link #replay(String)}, so a consumer that was away, or saw a gap, loses nothing.
 */
public final class EventsApi {

  /** The most events one replay answer carries. */
  public static final int MAX_REPLAY = 1_000;

  private EventsApi() {
  }

  public static String live(String stream) {
    return "events." + stream;
  }

  public static Endpoint<ReplayRequest, EventBatch> replay(String stream) {
    return Endpoint.of("events." + stream + ".replay", ReplayRequest.class, EventBatch.class);
  }
}
