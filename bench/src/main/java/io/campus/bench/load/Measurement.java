package io.campus.bench.load;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** What one measured period gave: requests/s, the latency distribution (ms) and the errors by kind. */
public record Measurement(String name, long requests, double seconds, Histogram latencyMicros,
                          Map<String, Long> errors, Instant start, Instant end) {

  public double rps() {
    return requests / seconds;
  }

  public double ms(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxMs() {
    return latencyMicros.getMaxValue() / 1000.0;
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  public JsonObject toJson() {
    return new JsonObject().put("requests", requests).put("seconds", round(seconds)).put("rps", round(rps()))
        .put("p50Ms", round(ms(50))).put("p90Ms", round(ms(90))).put("p99Ms", round(ms(99)))
        .put("p999Ms", round(ms(99.9))).put("maxMs", round(maxMs())).put("errors", errorCount())
        .put("errorsByKind", new JsonObject(new TreeMap<String, Object>(errors)));
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
