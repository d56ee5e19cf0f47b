package io.campus.platform.events;

import io.campus.contracts.events.EventEnvelope;

import java.util.ArrayDeque;
import java.util.Deque;

/** A consumer's place in one stream, and the live events waiting to be applied. Used on one event loop only. */
final class StreamCursor {

  /** Live events kept while busy; past this the cursor drops them and catches up by replay instead. */
  static final int MAX_BUFFERED = 10_000;

  final String stream;
  final Deque<EventEnvelope> buffer = new ArrayDeque<>();
  volatile long position;
  volatile long head;
  volatile boolean busy;
  boolean catchUpWanted = true;
  boolean failing;

  StreamCursor(String stream, long position) {
    this.stream = stream;
    this.position = position;
    this.head = position;
  }

  void offer(EventEnvelope event) {
    head = Math.max(head, event.position());
    if (buffer.size() >= MAX_BUFFERED) {
      buffer.clear();
      catchUpWanted = true;
      return;
    }
    buffer.add(event);
  }

  long lag() {
    return Math.max(0, head - position);
  }
}
