package io.campus.chaos;

import io.campus.chaos.check.Checker;
import io.campus.chaos.check.Report;
import io.campus.chaos.check.SnapshotReader;
import io.campus.chaos.check.Verdict;
import io.campus.chaos.history.History;
import io.campus.chaos.history.Operation;
import io.campus.chaos.nemesis.Nemesis;
import io.campus.chaos.nemesis.Schedule;
import io.campus.chaos.system.ChaosCluster;
import io.campus.chaos.workload.Workload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar chaos/target/chaos.jar}: starts the cluster form with two instances of every service, runs the
 * workload while the nemesis injects faults on its schedule, lets the purchases settle, and judges the whole history
 * against what the system holds. Exit status 0 only when every rule holds (1: a rule broke, 2: a bad command line).
 */
public final class ChaosMain {

  /** Users registered before the load; the mix registers more as it goes. */
  private static final int USERS = 10;

  private ChaosMain() {
  }

  public static void main(String[] args) {
    // PostgreSQL's and the cluster's chatter stays in the members' logs; this process prints the run.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    if (ChaosOptions.isHelp(args)) {
      System.out.println(ChaosOptions.USAGE);
      return;
    }
    ChaosOptions options;
    try {
      options = ChaosOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("chaos: " + e.getMessage() + "\n" + ChaosOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options) ? 0 : 1);
  }

  /** One run; true when every rule held. */
  static boolean run(ChaosOptions options) {
    List<Schedule.Fault> schedule = Schedule.of(options.seed(), options.duration(), options.faults());
    System.out.println("chaos: " + options.duration().toSeconds() + " s at " + options.rate() + " req/s, seed "
        + options.seed() + ", faults " + options.faults() + "; the nemesis' schedule:");
    schedule.forEach(f -> System.out.println("  " + f));
    Path out = options.out().toAbsolutePath();
    Path historyFile = out.resolve("history.jsonl");
    long begun = System.nanoTime();
    try (ChaosCluster cluster = ChaosCluster.start(options.root(), temp(), out.resolve("logs"), options.xmx())) {
      System.out.println("chaos: the system is up in " + (System.nanoTime() - begun) / 1_000_000_000 + " s");
      Workload workload;
      Nemesis nemesis;
      try (History history = new History(historyFile)) {
        List<Workload.Course> catalog = Workload.catalog(cluster.webs().get(0));
        declineOnePrice(cluster, catalog, options.seed());
        workload = new Workload(cluster.webs(), catalog, options.seed(), history);
        workload.prepare(USERS);
        workload.startClock();
        nemesis = new Nemesis(cluster, schedule, workload::now);
        Thread faults = new Thread(nemesis, "chaos-nemesis");
        faults.start();
        workload.run(options.rate(), options.duration());
        join(faults);
      }
      settle(cluster, options);
      List<Operation> operations = History.read(historyFile);
      List<Verdict> verdicts = Checker.check(operations, SnapshotReader.read(cluster, operations));
      Report.write(out, operations, nemesis.struck(), verdicts);
      return verdicts.stream().allMatch(Verdict::holds);
    }
  }

  /** The processor declines every charge of one price: some purchases must fail, and fail cleanly. */
  private static void declineOnePrice(ChaosCluster cluster, List<Workload.Course> catalog, long seed) {
    long amount = catalog.get((int) Math.floorMod(seed, catalog.size())).amount();
    try {
      int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.sandbox()
              + "/admin/settings")).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"declineAmounts\":[" + amount + "]}")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        throw new IllegalStateException("the sandbox refused its settings: " + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits, at most the settling period, until no purchase is PENDING, PAID or owed a refund. */
  private static void settle(ChaosCluster cluster, ChaosOptions options) {
    long deadline = System.nanoTime() + options.settle().toNanos();
    long unsettled;
    while ((unsettled = SnapshotReader.unsettled(cluster)) > 0 && System.nanoTime() < deadline) {
      pause();
    }
    System.out.println("chaos: settled, " + unsettled + " purchase(s) still in flight");
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(500); // polling a database: there is nothing to be notified by
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path temp() {
    try {
      return Files.createTempDirectory("campus-chaos");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
