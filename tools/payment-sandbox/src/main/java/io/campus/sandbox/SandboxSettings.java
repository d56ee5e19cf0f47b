package io.campus.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the sandbox misbehaves, set at runtime through {@code PUT /admin/settings}: added latency, a share of requests
 * failing with 503, amounts (minor units) that are declined, and hanging (never answering).
 */
record SandboxSettings(long latencyMs, double failureRate, Set<Long> declineAmounts, boolean hang) {

  static final SandboxSettings NORMAL = new SandboxSettings(0, 0, Set.of(), false);

  static SandboxSettings fromJson(JsonObject json) {
    double failureRate = json.getDouble("failureRate", 0.0);
    long latency = json.getLong("latencyMs", 0L);
    if (failureRate < 0 || failureRate > 1 || latency < 0 || latency > 60_000) {
      throw new IllegalArgumentException("failureRate must be 0..1 and latencyMs 0..60000");
    }
    Set<Long> declines = json.getJsonArray("declineAmounts", new JsonArray()).stream()
        .map(v -> ((Number) v).longValue()).collect(Collectors.toUnmodifiableSet());
    return new SandboxSettings(latency, failureRate, declines, json.getBoolean("hang", false));
  }

  JsonObject toJson() {
    return new JsonObject().put("latencyMs", latencyMs).put("failureRate", failureRate)
        .put("declineAmounts", new JsonArray(declineAmounts.stream().sorted().toList())).put("hang", hang);
  }
}
