package io.campus.chaos;

import io.campus.chaos.check.Checker;
import io.campus.chaos.check.FaultWindow;
import io.campus.chaos.check.Report;
import io.campus.chaos.check.SnapshotReader;
import io.campus.chaos.check.Verdict;
import io.campus.chaos.history.History;
import io.campus.chaos.history.Operation;
import io.campus.chaos.nemesis.Nemesis;
import io.campus.chaos.nemesis.Schedule;
import io.campus.chaos.system.ChaosCluster;
import io.campus.chaos.workload.Workload;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar chaos/target/chaos.jar}: starts the cluster form with two instances of every service, runs the
 * workload while the nemesis injects faults on its schedule, lets the purchases settle, and judges the whole history
 * against what the system holds. Exit status 0 only when every rule holds (1: a rule broke, 2: a bad command line,
 * 3: the run itself failed and nothing was judged).
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
    try {
      System.exit(run(options) ? 0 : 1);
    } catch (RuntimeException e) {
      System.err.println("chaos: the run itself failed, nothing was judged: " + e);
      System.exit(3);
    }
  }

  /** One run; true when every rule held. Throws when the run itself failed (the system did not start, say). */
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
        // The processor declines every charge of one price: some purchases must fail, and fail cleanly.
        long declined = catalog.get((int) Math.floorMod(options.seed(), catalog.size())).amount();
        JsonObject processor = new JsonObject().put("declineAmounts", new JsonArray().add(declined));
        cluster.configureProcessor(processor);
        workload = new Workload(cluster.webs(), catalog, options.seed(), history, ChaosCluster.ADMIN_EMAIL,
            ChaosCluster.ADMIN_PASSWORD);
        workload.prepare(USERS);
        workload.startClock();
        nemesis = new Nemesis(cluster, schedule, workload::now, processor, options.duration().toMillis());
        Thread faults = new Thread(nemesis, "chaos-nemesis");
        faults.start();
        try {
          workload.run(options.rate(), options.duration());
          join(faults);
        } finally {
          faults.interrupt(); // a run that failed: no fault after this, and none left half done
          join(faults);
        }
      }
      System.out.println("chaos: the nemesis struck " + nemesis.struck().size() + " of " + schedule.size()
          + " scheduled faults");
      settle(cluster, options);
      List<Operation> operations = History.read(historyFile);
      List<Verdict> verdicts = Checker.check(operations, nemesis.struck().stream()
          .map(s -> FaultWindow.of(s, cluster::api)).toList(), options.readP99().toMillis(),
          SnapshotReader.read(cluster, operations));
      Report.write(out, operations, nemesis.struck(), cluster::api, verdicts);
      return verdicts.stream().allMatch(Verdict::holds);
    }
  }

  /**
   * Waits, at most the settling period, until no purchase is PENDING, PAID or owed a refund, the history view caught
   * up with payments and every copy of the catalog with courses (they follow events, a little behind).
   */
  private static void settle(ChaosCluster cluster, ChaosOptions options) {
    long deadline = System.nanoTime() + options.settle().toNanos();
    long unsettled;
    long behind = 0;
    long catalog = 0;
    while (((unsettled = SnapshotReader.unsettled(cluster)) > 0 || (behind = SnapshotReader.viewBehind(cluster)) > 0
        || (catalog = SnapshotReader.catalogBehind(cluster)) > 0) && System.nanoTime() < deadline) {
      pause();
    }
    System.out.println("chaos: settled; " + unsettled + " purchase(s) still in flight, the view " + behind
        + " behind, " + catalog + " course(s) not yet as courses says in every copy");
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
