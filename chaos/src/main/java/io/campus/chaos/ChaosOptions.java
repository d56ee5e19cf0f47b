package io.campus.chaos;

import io.campus.chaos.nemesis.Schedule;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@code chaos.jar}; every option has a default. */
record ChaosOptions(Duration duration, int rate, long seed, List<String> faults, Duration settle, Duration readP99,
                    String xmx, Path out, Path root) {

  static final String USAGE = """
      usage: java -jar chaos/target/chaos.jar [options]
        --duration 90s     how long the load runs (s or m)              --rate 20     requests per second (open loop)
        --seed 7           the workload's mix and the nemesis' schedule come from it
        --faults kill,pause,postgres,processor   the faults to inject, in turn (default: all): kill -9 of a JVM and
                           a restart; SIGSTOP past the heartbeat, then SIGCONT; a service's PostgreSQL stopped and
                           started again; the processor slow, failing, answering 409 or dropping answers
        --settle 150s      after the load, how long purchases may take to settle (and the history view to catch
                           up) before the checker judges; past payments' re-drive of a purchase stuck PAID (60 s)
        --read-p99 1000ms  the reads' p99 allowed while each fault lasts (ms, s or m)
        --xmx 256m         every JVM's heap bound                         --out target/chaos   history and report
        --root .           the project whose jars run""";

  static ChaosOptions parse(String[] args) {
    Map<String, String> o = new HashMap<>(Map.of("--duration", "90s", "--rate", "20", "--seed", "7",
        "--faults", String.join(",", Schedule.FAULTS), "--settle", "150s", "--read-p99", "1000ms", "--xmx", "256m",
        "--out", "target/chaos", "--root", "."));
    for (int i = 0; i < args.length; i++) {
      if (!o.containsKey(args[i]) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      o.put(args[i], args[++i]);
    }
    List<String> faults = List.of(o.get("--faults").split(","));
    faults.stream().filter(f -> !Schedule.FAULTS.contains(f)).findFirst().ifPresent(f -> {
      throw new IllegalArgumentException("unknown fault " + f + " (known: " + Schedule.FAULTS + ")");
    });
    int rate = Integer.parseInt(o.get("--rate"));
    if (rate < 1) {
      throw new IllegalArgumentException("--rate must be at least 1");
    }
    return new ChaosOptions(duration(o.get("--duration")), rate, Long.parseLong(o.get("--seed")), faults,
        duration(o.get("--settle")), duration(o.get("--read-p99")), o.get("--xmx"), Path.of(o.get("--out")), Path.of(o.get("--root")));
  }

  private static Duration duration(String text) {
    if (!text.matches("\\d+(ms|s|m)")) {
      throw new IllegalArgumentException("a duration is a number of ms, s or m, not " + text);
    }
    long amount = Long.parseLong(text.replaceAll("\\D", ""));
    return text.endsWith("ms") ? Duration.ofMillis(amount) : text.endsWith("m") ? Duration.ofMinutes(amount)
        : Duration.ofSeconds(amount);
  }

  static boolean isHelp(String[] args) {
    return Set.of(args).stream().anyMatch(a -> a.equals("-h") || a.equals("--help"));
  }
}
