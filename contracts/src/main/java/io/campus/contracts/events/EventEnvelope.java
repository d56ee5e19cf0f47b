package io.campus.contracts.events;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope every domain event travels in.
 *
 * @param eventId     unique id of this event, stable across redeliveries
 * @param stream      the producing service, e.g. {@code courses}
 * @param position    the event's place in its stream, gap-free from 1, assigned when the event is relayed
 * @param type        the {@link EventType#name()}
 * @param occurredAt  when the change was committed by the producer
 * @param traceparent W3C trace context of the request that caused the change, or null
 * @param payload     the event's payload record as JSON
 */
public record EventEnvelope(UUID eventId, String stream, long position, String type, Instant occurredAt,
                            String traceparent, JsonObject payload) {
}
