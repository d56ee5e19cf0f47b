package io.campus.platform.node;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.testing.ClusterCertificates;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cluster TLS settings are checked before the cluster is joined: a mistake is one line, never a hung start. */
class ClusterTlsTest {

  @TempDir
  static Path dir;
  private static ClusterCertificates ca;
  private static Path p12;
  private static Path pem;

  @BeforeAll
  static void makeMaterial() {
    ca = ClusterCertificates.create(dir.resolve("ca"), "test-ca");
    p12 = ca.node("node-a");
    pem = ca.nodePem("node-b");
  }

  @Test
  @DisplayName("no material: no TLS (the node warns); PKCS#12 or PEM: TLS with client certificates required")
  void material() {
    assertTrue(ClusterTls.from(CampusConfig.of(Map.of())).isEmpty());
    EventBusOptions pkcs12 = ClusterTls.from(CampusConfig.of(Map.of("cluster.tls.keystore", p12.toString(),
        "cluster.tls.truststore", ca.truststore().toString(), "cluster.tls.password", ClusterCertificates.PASSWORD)))
        .orElseThrow();
    assertTrue(pkcs12.isSsl());
    assertEquals(ClientAuth.REQUIRED, pkcs12.getClientAuth());
    EventBusOptions pemOptions = ClusterTls.from(CampusConfig.of(Map.of("cluster.tls.keystore", pem.toString(),
        "cluster.tls.truststore", ca.caPem().toString()))).orElseThrow();
    assertEquals(ClientAuth.REQUIRED, pemOptions.getClientAuth());
  }

  @Test
  @DisplayName("a wrong password, a missing file, half the settings or a PEM without a key: one line naming it")
  void mistakes() throws Exception {
    assertMessage("cannot be opened as PKCS12", Map.of("cluster.tls.keystore", p12.toString(),
        "cluster.tls.truststore", ca.truststore().toString(), "cluster.tls.password", "wrong"));
    assertMessage("cannot be read", Map.of("cluster.tls.keystore", dir.resolve("missing.p12").toString(),
        "cluster.tls.truststore", ca.truststore().toString(), "cluster.tls.password", ClusterCertificates.PASSWORD));
    assertMessage("needs both", Map.of("cluster.tls.keystore", p12.toString()));
    assertMessage("private key", Map.of("cluster.tls.keystore", ca.caPem().toString(),
        "cluster.tls.truststore", ca.caPem().toString()));
    Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here");
    assertMessage("holds no certificate", Map.of("cluster.tls.keystore", pem.toString(),
        "cluster.tls.truststore", empty.toString()));
  }

  private static void assertMessage(String expected, Map<String, String> settings) {
    StartupException e = assertThrows(StartupException.class, () -> ClusterTls.from(CampusConfig.of(settings)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains(ClusterCertificates.PASSWORD), "the password is never printed");
  }
}
