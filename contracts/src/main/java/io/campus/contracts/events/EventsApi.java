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
    return Endpoint.read("events." + stream + ".replay", ReplayRequest.class, EventBatch.class);
  }

  /**
   * Admin: applies a consumer's dead-lettered events again (after the cause was fixed); answered by every instance
   * of every durable consumer, under its name (users, payments, purchase-history).
   */
  public static Endpoint<RetryDeadLetters, ConsumerStatus> retryDeadLetters(String consumer) {
    return Endpoint.admin("consumers." + consumer + ".retry-dead-letters", RetryDeadLetters.class,
        ConsumerStatus.class);
  }
}
