package io.campus.contracts.events;

import java.util.List;

/** Events in position order, and {@code head}: the highest position the stream has relayed so far. */
public record EventBatch(List<EventEnvelope> events, long head) {

  public EventBatch {
    events = List.copyOf(events);
  }
}
