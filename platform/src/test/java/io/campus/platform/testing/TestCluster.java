package io.campus.platform.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.campus.platform.node.ClusterXml;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A Hazelcast cluster of a test's own: the project's cluster.xml with another cluster name and another block of
 * ten ports, so tests never join the developer's running Campus or each other, listing as many ports as the test
 * runs members (see {@link ClusterXml}).
 */
public final class TestCluster {

  private final String xml;
  private final Path file;

  private TestCluster(String xml, Path file) {
    this.xml = xml;
    this.file = file;
  }

  /** Writes the test cluster's XML under {@code dir}, for child JVMs ({@code -Dvertx.hazelcast.config=}). */
  public static TestCluster create(Path dir, String name, int basePort, int members) {
    return new TestCluster(ClusterXml.of(name, basePort, members), ClusterXml.write(dir, name, basePort, members));
  }

  public Path file() {
    return file;
  }

  /** A cluster manager for a member in this JVM (one per member: Hazelcast mutates its config). */
  public HazelcastClusterManager newManager() {
    Config config = new XmlConfigBuilder(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).build();
    return new HazelcastClusterManager(config);
  }
}
