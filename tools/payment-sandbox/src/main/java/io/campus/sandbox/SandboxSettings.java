package io.campus.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the sandbox misbehaves, set at runtime through {@code PUT /admin/settings}: added latency, a share of requests
 * failing with 503, amounts (minor units) that are declined, hanging (never answering), and what real processors
 * do under concurrency: a 409 for a request whose key is still in progress ({@code conflictWhileInFlight}, as Stripe
 * answers), new charges answered {@code pending} that settle as succeeded {@code pendingMs} later, and the
 * connection dropped after a new charge was made, before its answer ({@code dropAfterCharge}); and a first request
 * for a key slower than later ones ({@code firstAttemptLatencyMs}: past the caller's deadline, say).
 */
record SandboxSettings(long latencyMs, double failureRate, Set<Long> declineAmounts, boolean hang,
                       boolean conflictWhileInFlight, long pendingMs, boolean dropAfterCharge,
                       long firstAttemptLatencyMs) {

  static final SandboxSettings NORMAL = new SandboxSettings(0, 0, Set.of(), false, false, 0, false, 0);

  static SandboxSettings fromJson(JsonObject json) {
    double failureRate = json.getDouble("failureRate", 0.0);
    long latency = json.getLong("latencyMs", 0L);
    long pending = json.getLong("pendingMs", 0L);
    long first = json.getLong("firstAttemptLatencyMs", 0L);
    if (failureRate < 0 || failureRate > 1 || Math.min(latency, Math.min(pending, first)) < 0
        || Math.max(latency, Math.max(pending, first)) > 60_000) {
      throw new IllegalArgumentException("failureRate must be 0..1; latencyMs, pendingMs and firstAttemptLatencyMs "
          + "0..60000");
    }
    Set<Long> declines = json.getJsonArray("declineAmounts", new JsonArray()).stream()
        .map(v -> ((Number) v).longValue()).collect(Collectors.toUnmodifiableSet());
    return new SandboxSettings(latency, failureRate, declines, json.getBoolean("hang", false),
        json.getBoolean("conflictWhileInFlight", false), pending, json.getBoolean("dropAfterCharge", false), first);
  }

  JsonObject toJson() {
    return new JsonObject().put("latencyMs", latencyMs).put("failureRate", failureRate)
        .put("declineAmounts", new JsonArray(declineAmounts.stream().sorted().toList())).put("hang", hang)
        .put("conflictWhileInFlight", conflictWhileInFlight).put("pendingMs", pendingMs)
        .put("dropAfterCharge", dropAfterCharge).put("firstAttemptLatencyMs", firstAttemptLatencyMs);
  }
}
