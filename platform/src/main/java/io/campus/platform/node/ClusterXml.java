package io.campus.platform.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's {@code cluster.xml} under another cluster name and another block of ten ports: a cluster of its own
 * for a test or a benchmark, which never joins the developer's running Campus.
 */
public final class ClusterXml {

  private static final int PROJECT_BASE_PORT = 5861;

  private ClusterXml() {
  }

  /** The XML of cluster {@code name} on ports {@code basePort} to {@code basePort + 9}. */
  public static String of(String name, int basePort) {
    String xml = project().replace("<cluster-name>campus</cluster-name>", "<cluster-name>" + name + "</cluster-name>");
    for (int i = 9; i >= 0; i--) {
      xml = xml.replace(">" + (PROJECT_BASE_PORT + i) + "<", ">" + (basePort + i) + "<")
          .replace(":" + (PROJECT_BASE_PORT + i) + "<", ":" + (basePort + i) + "<");
    }
    return xml;
  }

  /** Writes {@link #of} to {@code dir/<name>-cluster.xml}, for {@code -Dvertx.hazelcast.config=}. */
  public static Path write(Path dir, String name, int basePort) {
    try {
      return Files.writeString(dir.resolve(name + "-cluster.xml"), of(name, basePort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String project() {
    try (InputStream in = ClusterXml.class.getResourceAsStream("/cluster.xml")) {
      if (in == null) {
        throw new IllegalStateException("cluster.xml is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
