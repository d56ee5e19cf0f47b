package io.campus.bench;

import io.campus.bench.load.LoadBench;

import java.util.Arrays;

/** {@code java -jar bench/target/bench.jar <benchmark> [options]}: runs one benchmark and prints its figures. */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    // The figures are the output: only warnings and errors of the system under test are shown.
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler handler : root.getHandlers()) {
      handler.setLevel(java.util.logging.Level.WARNING);
    }
    if (Arrays.asList(args).contains("--scenario")) {
      LoadBench.run(args);
      return;
    }
    String benchmark = args.length > 0 ? args[0] : "";
    String[] options = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (benchmark) {
      case "events" -> EventsBenchmark.run(options);
      default -> {
        System.err.println("usage: java -jar bench.jar events [--events N] [--writers W] [--rate R] [--seconds S]"
            + " [--history N]\n" + LoadBench.USAGE);
        System.exit(2);
      }
    }
  }
}
