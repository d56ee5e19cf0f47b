package io.campus.platform.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's {@code cluster.xml} under another cluster name and another block of ports (ten, or as many as it
 * has members, up to twenty): a cluster of its own for a test, a benchmark or the fault-injection suite, which never
 * joins the developer's running Campus. Its member list names as many ports as the caller runs members: a listed
 * port nobody binds slows every split-brain merge by 5 s.
 */
public final class ClusterXml {

  private static final int PROJECT_BASE_PORT = 5861;
  private static final int PORTS = 10;
  private static final int MAX_MEMBERS = 20;

  private ClusterXml() {
  }

  /**
   * The XML of cluster {@code name} on ports {@code basePort} to {@code basePort + 9} (or to the last member's),
   * listing the first {@code members} of them (1-20) as the addresses to join and to merge with.
   */
  public static String of(String name, int basePort, int members) {
    if (members < 1 || members > MAX_MEMBERS) {
      throw new IllegalArgumentException("a cluster of 1 to " + MAX_MEMBERS + " listed members, not " + members);
    }
    String project = project();
    int from = project.indexOf("<member-list>");
    int to = project.indexOf("</member-list>");
    if (from < 0 || to < 0) {
      throw new IllegalStateException("cluster.xml has no member-list");
    }
    StringBuilder list = new StringBuilder("<member-list>\n");
    for (int i = 0; i < members; i++) {
      list.append("          <member>127.0.0.1:").append(basePort + i).append("</member>\n");
    }
    return (project.substring(0, from) + list.append("        ") + project.substring(to))
        .replace("<cluster-name>campus</cluster-name>", "<cluster-name>" + name + "</cluster-name>")
        .replace(">" + PROJECT_BASE_PORT + "</port>", ">" + basePort + "</port>")
        .replace("port-count=\"" + PORTS + "\"", "port-count=\"" + Math.max(PORTS, members) + "\"");
  }

  /** Writes {@link #of} to {@code dir/<name>-cluster.xml}, for {@code -Dvertx.hazelcast.config=}. */
  public static Path write(Path dir, String name, int basePort, int members) {
    try {
      return Files.writeString(dir.resolve(name + "-cluster.xml"), of(name, basePort, members));
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
