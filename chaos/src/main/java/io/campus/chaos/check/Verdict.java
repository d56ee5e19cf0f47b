package io.campus.chaos.check;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** One rule judged over a whole run: how many cases it checked, how many broke it, and the first of those. */
public record Verdict(String rule, long checked, long violations, List<String> first) {

  static final int SHOWN = 5;

  public boolean holds() {
    return violations == 0;
  }

  @Override
  public String toString() {
    return (holds() ? "PASS " : "FAIL ") + rule + ": " + checked + " checked, " + violations + " violated"
        + (first.isEmpty() ? "" : "; first: " + String.join(", ", first));
  }

  public JsonObject toJson() {
    return JsonObject.mapFrom(this).put("holds", holds());
  }
}
