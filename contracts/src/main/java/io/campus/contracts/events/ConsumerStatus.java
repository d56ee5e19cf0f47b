package io.campus.contracts.events;

import java.util.Map;

/**
 * Where a consumer stands: per stream its position and the stream's head, the events still dead-lettered, and
 * whether a rebuild is running.
 */
public record ConsumerStatus(Map<String, Long> positions, Map<String, Long> heads, long deadLetters,
                             boolean rebuilding) {

  public ConsumerStatus {
    positions = Map.copyOf(positions);
    heads = Map.copyOf(heads);
  }
}
