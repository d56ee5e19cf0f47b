package io.campus.platform.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Hazelcast cluster of a test's own: the project's cluster.xml with another cluster name and another block of
 * ten ports, so tests never join the developer's running Campus or each other.
 */
public final class TestCluster {

  private static final int PROJECT_BASE_PORT = 5861;

  private final String xml;
  private final Path file;

  private TestCluster(String xml, Path file) {
    this.xml = xml;
    this.file = file;
  }

  /** Writes the test cluster's XML under {@code dir}, for child JVMs ({@code -Dvertx.hazelcast.config=}). */
  public static TestCluster create(Path dir, String name, int basePort) {
    String xml = projectClusterXml().replace("<cluster-name>campus</cluster-name>", "<cluster-name>" + name + "</cluster-name>");
    for (int i = 9; i >= 0; i--) {
      xml = xml.replace(">" + (PROJECT_BASE_PORT + i) + "<", ">" + (basePort + i) + "<")
          .replace(":" + (PROJECT_BASE_PORT + i) + "<", ":" + (basePort + i) + "<");
    }
    try {
      Path file = dir.resolve(name + "-cluster.xml");
      Files.writeString(file, xml);
      return new TestCluster(xml, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path file() {
    return file;
  }

  /** A cluster manager for a member in this JVM (one per member: Hazelcast mutates its config). */
  public HazelcastClusterManager newManager() {
    Config config = new XmlConfigBuilder(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).build();
    return new HazelcastClusterManager(config);
  }

  private static String projectClusterXml() {
    try (InputStream in = TestCluster.class.getResourceAsStream("/cluster.xml")) {
      if (in == null) {
        throw new IllegalStateException("cluster.xml is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
