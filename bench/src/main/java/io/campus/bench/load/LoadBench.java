package io.campus.bench.load;

import io.campus.bench.system.Campus;
import io.campus.bench.system.CeilingServer;
import io.campus.bench.system.Jvm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * {@code bench.jar --scenario S [--form F | --target URL]}: starts what it measures (or uses what runs), waits for it
 * to be ready, signs in the users the scenario needs, measures the ceiling and then the scenario under the same load,
 * reads every started JVM's memory, stops everything, prints a table and writes {@code <out>/<scenario>-<form>.json}.
 */
public final class LoadBench {

  public static final String USAGE = BenchOptions.USAGE;

  private LoadBench() {
  }

  public static void run(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    new LoadBench().measure(options);
  }

  private void measure(BenchOptions options) {
    Path root = projectRoot();
    Path logs = directory(options.out().resolve("logs").resolve(options.scenario() + "-" + options.form()));
    List<String> jvmArgs = options.profile()
        ? List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + emptyDirectory(logs.resolve("jfr")))
        : List.of();
    System.out.printf("%s on %s, %s; warm-up %d s, measured %d s%n", options.scenario(), options.form(),
        options.model(), options.warmup().toSeconds(), options.duration().toSeconds());
    Vertx vertx = Vertx.vertx();
    Measurement measured;
    CeilingServer.Ceiling ceiling = null;
    Campus campus = null;
    try (LoadGenerator http = new LoadGenerator(vertx, options.connections())) {
      if (options.ceiling() || options.scenario().equals("ceiling")) {
        ceiling = CeilingServer.start(root.resolve("bench/target/bench.jar"), logs.resolve("ceiling.log"));
      }
      if (!options.scenario().equals("ceiling")) {
        System.out.println("starting " + options.form() + " (logs in " + logs + ")");
        long started = System.nanoTime();
        campus = switch (options.form()) {
          case "cluster" -> Campus.cluster(root, logs, jvmArgs);
          case "all-in-one" -> Campus.allInOne(root, logs, jvmArgs);
          default -> Campus.running(options.target(), options.mobileTarget(), options.sandbox());
        };
        System.out.printf("ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
      }
      String ceilingUrl = ceiling == null ? null : ceiling.url() + "/";
      Measurement reference = ceiling == null ? null
          : http.run("ceiling", i -> Request.get(ceilingUrl, null), options.model(), options.warmup(),
              options.duration());
      JsonObject extra = new JsonObject();
      measured = options.scenario().equals("ceiling") ? reference
          : scenario(options, vertx, http, campus, extra);
      List<Jvm.Rss> rss = new ArrayList<>(campus == null ? List.of() : campus.rss());
      if (ceiling != null) {
        rss.add(ceiling.jvm().rss());
      }
      Report report = new Report(options, measured, reference, extra, rss);
      report.print();
      Path json = report.write();
      System.out.println("figures written to " + json);
    } finally {
      if (campus != null) {
        campus.close();
      }
      if (ceiling != null) {
        ceiling.jvm().stop();
      }
      vertx.close().await();
    }
    if (options.profile()) {
      Profiles.print(logs.resolve("jfr"), measured.start(), measured.end());
    }
  }

  private Measurement scenario(BenchOptions options, Vertx vertx, LoadGenerator http, Campus campus,
                               JsonObject extra) {
    List<String> courses = Workloads.courses(http, campus);
    int users = options.users();
    if (options.scenario().equals("purchase")) {
      users = Math.max(users, PurchaseRun.usersFor(options.rate()
          * (options.warmup().toSeconds() + options.duration().toSeconds()), courses.size()));
    }
    if (options.scenario().equals("mixed") || options.scenario().equals("restart")) {
      // a quarter of the requests are purchases, each of a course the user does not own yet
      long requests = (long) (options.open() ? options.rate() : 2_000) * (options.warmup().toSeconds()
          + options.duration().toSeconds());
      users = Math.max(users, PurchaseRun.usersFor(requests / 4, courses.size()));
    }
    List<Workloads.User> signedIn = List.of();
    if (!options.scenario().equals("catalog")) {
      System.out.println("signing in " + users + " users");
      signedIn = Workloads.users(http, campus, users);
    }
    if (options.scenario().equals("purchase") || options.scenario().equals("mixed")
        || options.scenario().equals("restart")) {
      http.json(Request.put(campus.sandbox() + "/admin/settings",
          new JsonObject().put("latencyMs", options.processorLatencyMs()).encode())).await();
    }
    IntFunction<Request> source = switch (options.scenario()) {
      case "catalog" -> Workloads.catalog(campus);
      case "home" -> Workloads.home(campus, signedIn);
      case "feed" -> Workloads.feed(campus, signedIn);
      case "mixed" -> Workloads.mixed(campus, signedIn, courses);
      default -> null;
    };
    if (source != null) {
      return http.run(options.scenario(), source, options.model(), options.warmup(), options.duration());
    }
    if (options.scenario().equals("restart")) {
      return RestartRun.run(http, campus, signedIn, courses, options, extra);
    }
    PurchaseRun.Result result = PurchaseRun.run(vertx, http, campus, signedIn, courses, options.rate(),
        options.warmup(), options.duration());
    extra.mergeIn(result.toJson());
    return result.accepted();
  }

  /** The project's root: bench.jar is in bench/target. */
  private static Path projectRoot() {
    try {
      Path here = Path.of(LoadBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = here.getParent().getParent().getParent();
      if (!Files.isDirectory(root.resolve("launcher"))) {
        throw new IllegalStateException("run bench/target/bench.jar from a built Campus checkout (found " + here + ")");
      }
      return root;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path emptyDirectory(Path dir) {
    try (java.util.stream.Stream<Path> old = Files.list(directory(dir))) {
      old.forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static Path directory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table on the terminal and the JSON file, with the machine and the date next to the figures. */
  private record Report(BenchOptions options, Measurement measured, Measurement ceiling, JsonObject extra,
                        List<Jvm.Rss> rss) {

    void print() {
      System.out.println();
      System.out.printf("%-10s %10s %9s %9s %9s %9s %9s %8s%n", "", "req/s", "p50 ms", "p90 ms", "p99 ms",
          "p99.9 ms", "max ms", "errors");
      row(measured);
      if (ceiling != null && ceiling != measured) {
        row(ceiling);
        System.out.printf("ratio rps / ceilingRps = %.3f%n", measured.rps() / ceiling.rps());
      }
      if (!measured.errors().isEmpty()) {
        System.out.println("errors: " + measured.errors());
      }
      if (extra.containsKey("completed")) {
        System.out.printf("purchases: %d completed, %.1f/s; created to COMPLETED p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                + "%n", extra.getLong("completed"), extra.getDouble("purchasesPerSecond"),
            extra.getDouble("completionP50Ms"), extra.getDouble("completionP99Ms"), extra.getDouble("completionMaxMs"));
      }
      if (!rss.isEmpty()) {
        System.out.println("resident memory after the run:");
        rss.forEach(r -> System.out.printf("  %-17s %5d MB%s%n", r.name(), r.jvmKib() / 1024,
            r.childrenKib() == 0 ? "" : String.format(" (+ %d MB in its PostgreSQL processes)", r.childrenKib() / 1024)));
      }
    }

    private static void row(Measurement m) {
      System.out.printf("%-10s %,10.0f %9.2f %9.2f %9.2f %9.2f %9.2f %8d%n", m.name(), m.rps(), m.ms(50), m.ms(90),
          m.ms(99), m.ms(99.9), m.maxMs(), m.errorCount());
    }

    Path write() {
      JsonObject json = new JsonObject().put("scenario", options.scenario()).put("form", options.form())
          .put("model", options.open() ? "open" : "closed").put("connections", options.connections())
          .put("rate", options.rate()).put("warmupSeconds", options.warmup().toSeconds())
          .put("durationSeconds", options.duration().toSeconds())
          .mergeIn(measured.toJson())
          .put("ceilingRps", ceiling == null ? null : Measurement.round(ceiling.rps()))
          .put("ceilingP50Ms", ceiling == null ? null : Measurement.round(ceiling.ms(50)))
          .put("ceilingP99Ms", ceiling == null ? null : Measurement.round(ceiling.ms(99)))
          .put("ratio", ceiling == null ? null : Math.round(measured.rps() / ceiling.rps() * 1000) / 1000.0)
          .mergeIn(extra)
          .put("rssMb", new JsonArray(rss.stream().map(r -> new JsonObject().put("name", r.name())
              .put("jvm", r.jvmKib() / 1024).put("postgres", r.childrenKib() / 1024)).toList()))
          .put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
              .put("memoryMb", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                  .getTotalMemorySize() / (1024 * 1024))
              .put("java", System.getProperty("java.version")).put("os", System.getProperty("os.name") + " "
                  + System.getProperty("os.arch")))
          .put("date", Instant.now().toString());
      Path file = options.out().resolve(options.scenario() + "-" + options.form() + ".json");
      try {
        Files.writeString(file, json.encodePrettily());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return file;
    }
  }
}
