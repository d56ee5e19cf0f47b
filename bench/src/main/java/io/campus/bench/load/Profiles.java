package io.campus.bench.load;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the started JVMs spent their time: for each JFR recording, the methods most often on top of the sampled
 * stacks, and the Campus methods most often on them anywhere (what of ours the time is spent under).
 */
final class Profiles {

  private static final int TOP = 12;

  private Profiles() {
  }

  /** Only the samples taken between {@code from} and {@code to}: the measured period, not start-up or sign-ins. */
  static void print(Path dir, Instant from, Instant to) {
    List<Path> recordings;
    try (Stream<Path> files = Files.list(dir)) {
      recordings = files.filter(f -> f.toString().endsWith(".jfr")).sorted().toList();
    } catch (IOException e) {
      System.out.println("no recordings in " + dir);
      return;
    }
    for (Path recording : recordings) {
      Map<String, Integer> top = new HashMap<>();
      Map<String, Integer> ours = new HashMap<>();
      int samples = 0;
      try (RecordingFile file = new RecordingFile(recording)) {
        while (file.hasMoreEvents()) {
          RecordedEvent event = file.readEvent();
          if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
              || event.getStackTrace().getFrames().isEmpty() || event.getStartTime().isBefore(from)
              || event.getStartTime().isAfter(to)) {
            continue;
          }
          samples++;
          List<RecordedFrame> frames = event.getStackTrace().getFrames();
          top.merge(name(frames.get(0)), 1, Integer::sum);
          frames.stream().map(Profiles::name).filter(n -> n.startsWith("io.campus.")).distinct()
              .forEach(n -> ours.merge(n, 1, Integer::sum));
        }
      } catch (IOException e) {
        System.out.println("cannot read " + recording + ": " + e.getMessage());
        continue;
      }
      System.out.printf("%n%s: %d samples in the measured period%n  on top of the stack:%n", recording.getFileName(),
          samples);
      printTop(top, samples);
      System.out.println("  Campus methods on the stack:");
      printTop(ours, samples);
    }
  }

  private static void printTop(Map<String, Integer> counts, int samples) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
        .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }
}
