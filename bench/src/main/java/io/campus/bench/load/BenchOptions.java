package io.campus.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@code bench.jar --scenario ...}; every option has a default. */
record BenchOptions(String scenario, String form, String target, String mobileTarget, String sandbox,
                    Duration warmup, Duration duration, int connections, int rate, int users, int processorLatencyMs,
                    Path out, boolean ceiling, boolean profile) {

  static final List<String> SCENARIOS = List.of("ceiling", "catalog", "home", "feed", "purchase", "mixed", "restart");
  static final String USAGE = """
      usage: java -jar bench/target/bench.jar --scenario ceiling|catalog|home|feed|purchase|mixed|restart [options]
        --form all-in-one|cluster   what the bench starts and measures (default all-in-one)
        --target URL                measure a Campus that is already running (its web API), instead of --form
        --mobile-target URL         its mobile API (default: the target's port + 1)
        --sandbox URL               its payment sandbox, for purchase (default http://127.0.0.1:8090)
        --connections N             closed load: N clients, each sending when answered (default 64)
        --rate R                    open load: R requests/s at fixed times, latency from the intended time
        --duration 20s              measured time (s or m)          --warmup 15s  unrecorded time before it (JIT, pools)
        --users N                   signed-in users for home, feed, purchase, mixed (default 50)
        --latency MS                the sandbox processor's latency for purchase and mixed (default 20)
        --out DIR                   where <scenario>-<form>.json goes (default target/bench)
        --no-ceiling                skip the ceiling run
        --profile                   record JFR in every started JVM and print where their time went
      Defaults for purchase: --rate 100. restart (cluster form only): kills and starts again each deployable in turn
      under the mixed load; defaults --rate 50 --duration 300s --warmup 20s --no-ceiling.""";

  private static final Set<String> FLAGS = Set.of("--no-ceiling", "--profile");

  static BenchOptions parse(String[] args) {
    Map<String, String> o = new HashMap<>(Map.of("--form", "all-in-one", "--duration", "20s", "--warmup", "15s",
        "--connections", "64", "--rate", "0", "--users", "50", "--latency", "20", "--out", "target/bench",
        "--sandbox", "http://127.0.0.1:8090"));
    Set<String> flags = new java.util.HashSet<>();
    for (int i = 0; i < args.length; i++) {
      if (FLAGS.contains(args[i])) {
        flags.add(args[i]);
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        o.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
    }
    Set<String> known = Set.of("--scenario", "--form", "--target", "--mobile-target", "--sandbox", "--warmup",
        "--duration", "--connections", "--rate", "--users", "--latency", "--out");
    o.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> {
      throw new IllegalArgumentException("unknown option " + k);
    });
    String scenario = o.get("--scenario");
    if (!SCENARIOS.contains(scenario)) {
      throw new IllegalArgumentException("--scenario must be one of " + SCENARIOS);
    }
    String target = o.get("--target");
    String form = target != null ? "target" : o.get("--form");
    if (!Set.of("all-in-one", "cluster", "target").contains(form)) {
      throw new IllegalArgumentException("--form must be all-in-one or cluster");
    }
    int rate = Integer.parseInt(o.get("--rate"));
    if (scenario.equals("purchase") && rate == 0) {
      rate = 100;
    }
    if (scenario.equals("restart")) {
      if (!form.equals("cluster")) {
        throw new IllegalArgumentException("--scenario restart needs --form cluster (it kills and starts JVMs)");
      }
      rate = rate == 0 ? 50 : rate;
      if (!java.util.Arrays.asList(args).contains("--duration")) {
        o.put("--duration", "300s");
      }
      if (!java.util.Arrays.asList(args).contains("--warmup")) {
        o.put("--warmup", "20s");
      }
      flags.add("--no-ceiling");
    }
    return new BenchOptions(scenario, form, target, o.getOrDefault("--mobile-target", target == null ? null
        : nextPort(target)), o.get("--sandbox"), duration(o.get("--warmup")), duration(o.get("--duration")),
        Integer.parseInt(o.get("--connections")), rate, Integer.parseInt(o.get("--users")),
        Integer.parseInt(o.get("--latency")), Path.of(o.get("--out")), !flags.contains("--no-ceiling"),
        flags.contains("--profile"));
  }

  boolean open() {
    return rate > 0;
  }

  LoadModel model() {
    return new LoadModel(connections, rate);
  }

  private static Duration duration(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    long amount = Long.parseLong(text.replaceAll("[smh]$", ""));
    return text.endsWith("m") ? Duration.ofMinutes(amount) : text.endsWith("h") ? Duration.ofHours(amount)
        : Duration.ofSeconds(amount);
  }

  private static String nextPort(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() + 1);
  }
}
