package io.campus.chaos.check;

import io.campus.chaos.history.Operation;
import io.campus.chaos.nemesis.Nemesis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reader of a run needs: every rule with its verdict, the faults as they happened with the reads' p99 while
 * each lasted, and a timeline of requests and failures per second with the faults beside them.
 */
public final class Report {

  private Report() {
  }

  /** Prints the report and writes it under {@code dir} ({@code report.txt}, {@code report.json}). */
  public static void write(Path dir, List<Operation> history, List<Nemesis.Struck> faults,
                           java.util.function.Function<String, String> apiOf, List<Verdict> verdicts) {
    StringBuilder text = new StringBuilder();
    JsonArray windows = new JsonArray();
    text.append("faults (reads: those sent until it healed, but to a BFF instance it struck):\n");
    for (Nemesis.Struck s : faults) {
      FaultWindow window = FaultWindow.of(s, apiOf);
      List<Long> reads = window.reads(history);
      long p99 = window.p99(history);
      text.append(String.format("  %6.1f s %-9s %-18s ended %6.1f s  healed %s  %s%s%n",
          s.struckMs() / 1000.0, s.fault().type(), s.fault().target(), s.endedMs() / 1000.0,
          s.healedMs() < 0 ? "never" : String.format("%6.1f s", s.healedMs() / 1000.0), window.describe(history),
          s.error() == null ? "" : " (" + s.error() + ")"));
      windows.add(new JsonObject().put("type", s.fault().type()).put("target", s.fault().target())
          .put("struckMs", s.struckMs()).put("endedMs", s.endedMs()).put("healedMs", s.healedMs())
          .put("reads", reads.size())
          .put("readsNotAnswered", reads.stream().filter(r -> r == FaultWindow.NEVER).count())
          .put("readP99Ms", p99 == FaultWindow.NEVER ? null : p99).put("error", s.error()));
    }
    text.append("timeline (s: requests, unanswered, 5xx, 429):\n");
    Map<Long, long[]> perSecond = new TreeMap<>();
    history.stream().filter(o -> o.index() >= 0).forEach(o -> { // not the users registered before the load
      long[] c = perSecond.computeIfAbsent(o.startMs() / 1000, s -> new long[4]);
      c[0]++;
      c[1] += o.status() == 0 ? 1 : 0;
      c[2] += o.status() >= 500 ? 1 : 0;
      c[3] += o.status() == 429 ? 1 : 0;
    });
    perSecond.forEach((second, c) -> {
      StringBuilder marks = new StringBuilder();
      faults.stream().filter(s -> s.struckMs() / 1000 == second).forEach(s -> marks.append(' ')
          .append(s.fault().type()).append(' ').append(s.fault().target()));
      faults.stream().filter(s -> s.endedMs() / 1000 == second).forEach(s -> marks.append(" ended ")
          .append(s.fault().target()));
      faults.stream().filter(s -> s.healedMs() >= 0 && s.healedMs() / 1000 == second).forEach(s -> marks
          .append(" healed ").append(s.fault().target()));
      text.append(String.format("  %4d: %4d %4d %4d %4d%s%n", second, c[0], c[1], c[2], c[3], marks));
    });
    text.append("rules:\n");
    verdicts.forEach(v -> text.append("  ").append(v).append('\n'));
    boolean pass = verdicts.stream().allMatch(Verdict::holds);
    text.append(pass ? "every rule holds\n" : "RULES BROKEN\n");
    System.out.print(text);
    JsonObject json = new JsonObject().put("operations", history.size()).put("faults", windows)
        .put("rules", new JsonArray(verdicts.stream().map(Verdict::toJson).toList())).put("pass", pass);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.txt"), text);
      Files.writeString(dir.resolve("report.json"), json.encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
