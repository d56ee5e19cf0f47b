package io.campus.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM the bench started: its output goes to a log file; it is stopped with SIGTERM, then killed if it hangs. */
public final class Jvm {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private Path dataDir;

  private Jvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** The JVM's data directory: the PostgreSQL it starts runs detached, and is found by that directory. */
  Jvm ownsDataIn(Path dir) {
    this.dataDir = dir;
    return this;
  }

  /** {@code java [jvmArgs] -jar jar [args]}, or {@code java [jvmArgs] -cp jar main [args]} when main is given. */
  public static Jvm start(String name, Path jar, String main, List<String> jvmArgs, List<String> args,
                          Map<String, String> env, Path log) {
    return start(name, jar, main, jvmArgs, args, env, log, 0);
  }

  /**
   * The same at a lower CPU priority ({@code nice -n niceness}, where the machine has {@code nice}; its children, such
   * as the node's PostgreSQL, inherit it). {@code nice} replaces itself with the JVM, so the pid is the JVM's.
   */
  public static Jvm start(String name, Path jar, String main, List<String> jvmArgs, List<String> args,
                          Map<String, String> env, Path log, int niceness) {
    List<String> command = new ArrayList<>();
    if (niceness > 0 && Files.isExecutable(Path.of("/usr/bin/nice"))) {
      command.addAll(List.of("/usr/bin/nice", "-n", Integer.toString(niceness)));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(main == null ? List.of("-jar", jar.toString()) : List.of("-cp", jar.toString(), main));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      return new Jvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /** Waits until the log contains {@code text} and answers its line; fails at once if the process exits first. */
  public String awaitLog(String text, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!output().contains(text)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log: " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not log '" + text + "' within " + within + "; its log: " + log);
      }
      pause();
    }
    return output().lines().filter(l -> l.contains(text)).findFirst().orElse(text);
  }

  /** Waits until {@code url} answers 200. */
  public void awaitOk(String url, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!ok(url)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log: " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(url + " did not answer 200 within " + within + "; " + name + "'s log: " + log);
      }
      pause();
    }
  }

  /** Resident memory in KiB of the JVM and, separately, of its embedded PostgreSQL's processes. */
  public Rss rss() {
    String data = dataDir == null ? null : dataDir.toAbsolutePath().toString();
    // The postmaster names the data directory on its command line; its backends are its children. (Each process's
    // RSS counts the shared buffers it touched, so the sum overstates PostgreSQL's real footprint.)
    long postgres = data == null ? 0 : ProcessHandle.allProcesses()
        .filter(p -> p.pid() != process.pid() && p.info().commandLine().map(c -> c.contains(data)).orElse(false))
        .flatMap(postmaster -> java.util.stream.Stream.concat(java.util.stream.Stream.of(postmaster),
            postmaster.descendants()))
        .mapToLong(p -> rssKib(p.pid())).sum();
    return new Rss(name, rssKib(process.pid()), postgres);
  }

  /** kill -9: no shutdown runs, its embedded PostgreSQL is left behind (the next start stops it). */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM (the JVM's own shutdown runs), then kill -9 after 30 s. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A JVM's resident set, and that of its child processes. */
  public record Rss(String name, long jvmKib, long childrenKib) {
  }

  static boolean ok(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process is gone, or this is not Linux
    }
    return 0;
  }

  private static void pause() {
    try {
      Thread.sleep(100); // polling a log file or a port: there is nothing to be notified by
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
