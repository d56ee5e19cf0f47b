package io.campus.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A deployable's fat jar running in a JVM of its own, its output in a log file the test can wait on. */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java [jvmArgs] -jar jar [args]} with {@code env} added to this JVM's environment
   * (minus any {@code CAMPUS_*} of the developer's shell).
   */
  public static ChildJvm start(Path jar, List<String> jvmArgs, List<String> args, Map<String, String> env, Path log) {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: these tests run after 'mvn package' (mvn verify)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // The quick compiler only: a test's JVM lives for seconds, and on two cores the optimising compiler's threads
    // take the CPU its start and its peers need (a quarter to a third less CPU to ready, measured on courses.jar).
    command.add("-XX:TieredStopAtLevel=1");
    // Pauses next to the log: a member that stops answering heartbeats for seconds is a GC or a stall, told apart here.
    command.add("-Xlog:gc,safepoint:file=" + log.resolveSibling(log.getFileName() + ".gc.log") + ":time,uptime");
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CAMPUS_"));
    builder.environment().putAll(env);
    try {
      return new ChildJvm(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A service's fat jar as a member of {@code cluster}: {@code -cluster} plus {@code flags}, data under
   * {@code dataDir}, a loopback management port of its own, 2 event loops, and {@code env} on top. Returns once it
   * logs "{@code name} ready".
   */
  public static ChildJvm startService(Path jar, String name, TestCluster cluster, Path dataDir, Map<String, String> env,
                                      List<String> flags, Path log) {
    Map<String, String> all = new java.util.HashMap<>(Map.of(
        "CAMPUS_DATA_DIR", dataDir.toString(),
        "CAMPUS_MANAGEMENT_HOST", "127.0.0.1",
        "CAMPUS_MANAGEMENT_PORT", String.valueOf(TestNodes.freePort()),
        "CAMPUS_EVENT_LOOPS", "2"));
    all.putAll(env);
    List<String> args = new ArrayList<>(List.of("-cluster"));
    args.addAll(flags);
    ChildJvm jvm = start(jar, List.of("-Dvertx.hazelcast.config=" + cluster.file()), args, all, log);
    try {
      jvm.awaitOutput(name + " ready in", java.time.Duration.ofSeconds(90));
    } catch (RuntimeException | Error notReady) {
      jvm.close(); // a JVM that failed to start may still be a cluster member: never leave it behind
      throw notReady;
    }
    return jvm;
  }

  /** Waits until the output contains {@code text}; fails early if the process exits. */
  public void awaitOutput(String text, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("process exited with " + process.exitValue() + " before '" + text
            + "':\n" + output());
      }
      return output().contains(text);
    });
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** {@code kill -STOP}: the process freezes (as in a long GC pause or a VM migration) until {@link #resume}. */
  public void freeze() {
    signal("STOP");
  }

  /** {@code kill -CONT}: a frozen process goes on. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String signal) {
    try {
      int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is cleaned up. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /** SIGTERM, the same as Ctrl-C for the JVM's shutdown hooks; answers the exit code. */
  public int terminate(Duration within) {
    process.destroy();
    return waitFor(within);
  }

  /** Waits for a process that is expected to exit by itself; answers its exit code. */
  public int terminateAfterExit(Duration within) {
    return waitFor(within);
  }

  private int waitFor(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("process " + process.pid() + " did not exit within " + within);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the process if it still runs, and waits until it is gone (its file locks with it). */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
