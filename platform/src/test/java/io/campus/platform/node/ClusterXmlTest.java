package io.campus.platform.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClusterXmlTest {

  @Test
  void aClusterOfItsOwnListsTheMembersItRuns() {
    Config config = parse(ClusterXml.of("campus-x", 7001, 3));
    assertEquals("campus-x", config.getClusterName());
    assertEquals(7001, config.getNetworkConfig().getPort());
    assertEquals(10, config.getNetworkConfig().getPortCount());
    assertEquals(List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003"),
        config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    // Everything else is the project's: the heartbeat and merge settings the cluster tests rely on.
    assertEquals("10", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
    assertEquals("1", config.getProperty("hazelcast.merge.next.run.delay.seconds"));
    assertEquals("31", config.getProperty("hazelcast.partition.count"), "few partitions to move per member change");
  }

  @Test
  void twoMembersLostTogetherLeaveACopyOfEveryClusterMap() {
    Config config = parse(new String(readProject(), StandardCharsets.UTF_8));
    assertEquals(2, config.getMultiMapConfig("__vertx.subs").getBackupCount(), "event-bus subscriptions");
    assertEquals(2, config.getMapConfig("__vertx.nodeInfo").getBackupCount(), "event-bus node addresses");
    assertEquals(2, config.getMapConfig("__vertx.haInfo").getBackupCount());
    assertEquals(2, config.getMapConfig("service.registry").getBackupCount(), "discovery records (the default)");
  }

  @Test
  void theProjectListsTheSixJvmsOfTheClusterForm() {
    Config config = parse(ClusterXml.of("campus", 5861, 6));
    assertEquals(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers(), parse(new String(
        readProject(), StandardCharsets.UTF_8)).getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
  }

  @Test
  void moreMembersThanTenWidenThePortBlock() {
    Config config = parse(ClusterXml.of("campus-chaos", 7101, 12));
    assertEquals(12, config.getNetworkConfig().getPortCount(), "the twelfth member can bind 7112");
    assertEquals(12, config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().size());
    assertEquals("127.0.0.1:7112", config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().get(11));
  }

  @Test
  void membersOutsideThePortBlockAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ClusterXml.of("campus-x", 7001, 0));
    assertThrows(IllegalArgumentException.class, () -> ClusterXml.of("campus-x", 7001, 21));
  }

  private static byte[] readProject() {
    try (var in = ClusterXml.class.getResourceAsStream("/cluster.xml")) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Config parse(String xml) {
    return new XmlConfigBuilder(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).build();
  }
}
