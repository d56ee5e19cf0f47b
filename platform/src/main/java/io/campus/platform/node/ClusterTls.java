package io.campus.platform.node;

import io.campus.platform.config.CampusConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Optional;

/**
 * The clustered event bus over mutual TLS: every connection between two JVMs' buses is encrypted, and both ends
 * must present a certificate signed by the cluster's CA ({@code ClientAuth.REQUIRED}), so a JVM without one can
 * neither deliver messages to the services nor receive any. Material from configuration:
 * {@code cluster.tls.keystore} (this node's key and certificate chain: PKCS#12 {@code .p12}/{@code .pfx}, JKS
 * {@code .jks}, or one PEM file holding the private key and the certificates), {@code cluster.tls.truststore} (the
 * cluster CA: the same formats, PEM being the CA certificates) and {@code cluster.tls.password} (for PKCS#12/JKS).
 * Checked before the cluster is joined: a bad configuration would otherwise hang the clustered start.
 * Hazelcast's own member traffic (membership, the maps behind discovery) is not covered: see the README.
 */
public final class ClusterTls {

  private ClusterTls() {
  }

  /** The event-bus options for the configured material, or empty when none is configured. */
  public static Optional<EventBusOptions> from(CampusConfig config) {
    Optional<String> keystore = config.find("cluster.tls.keystore");
    Optional<String> truststore = config.find("cluster.tls.truststore");
    if (keystore.isEmpty() && truststore.isEmpty()) {
      return Optional.empty();
    }
    if (keystore.isEmpty() || truststore.isEmpty()) {
      throw new StartupException("cluster TLS needs both CAMPUS_CLUSTER_TLS_KEYSTORE and CAMPUS_CLUSTER_TLS_TRUSTSTORE");
    }
    String password = config.find("cluster.tls.password").orElse(null);
    EventBusOptions options = new EventBusOptions().setSsl(true).setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(keyCert(Path.of(keystore.get()), password))
        .setTrustOptions(trust(Path.of(truststore.get()), password));
    // The bus copies its options through JSON into its server and client: only PEM/PKCS#12/JKS survive that.
    if (new NetServerOptions(options.toJson()).getKeyCertOptions() == null) {
      throw new StartupException("cluster TLS key material was lost in the event bus options");
    }
    return Optional.of(options);
  }

  private static KeyCertOptions keyCert(Path file, String password) {
    return switch (format(file, "CAMPUS_CLUSTER_TLS_KEYSTORE")) {
      case "PKCS12" -> new PfxOptions().setPath(checkedStore(file, "PKCS12", password, true)).setPassword(password);
      case "JKS" -> new JksOptions().setPath(checkedStore(file, "JKS", password, true)).setPassword(password);
      default -> {
        String pem = readPem(file, "CAMPUS_CLUSTER_TLS_KEYSTORE");
        if (!pem.contains("PRIVATE KEY-----") || !pem.contains("BEGIN CERTIFICATE")) {
          throw new StartupException("CAMPUS_CLUSTER_TLS_KEYSTORE " + file
              + " must hold this node's private key and its certificate (PEM)");
        }
        yield new PemKeyCertOptions().setKeyPath(file.toString()).setCertPath(file.toString());
      }
    };
  }

  private static TrustOptions trust(Path file, String password) {
    return switch (format(file, "CAMPUS_CLUSTER_TLS_TRUSTSTORE")) {
      case "PKCS12" -> new PfxOptions().setPath(checkedStore(file, "PKCS12", password, false)).setPassword(password);
      case "JKS" -> new JksOptions().setPath(checkedStore(file, "JKS", password, false)).setPassword(password);
      default -> {
        if (!readPem(file, "CAMPUS_CLUSTER_TLS_TRUSTSTORE").contains("BEGIN CERTIFICATE")) {
          throw new StartupException("CAMPUS_CLUSTER_TLS_TRUSTSTORE " + file + " holds no certificate (PEM)");
        }
        yield new PemTrustOptions().addCertPath(file.toString());
      }
    };
  }

  private static String format(Path file, String setting) {
    if (!Files.isReadable(file)) {
      throw new StartupException(setting + " " + file + " cannot be read");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".p12") || name.endsWith(".pfx")) {
      return "PKCS12";
    }
    return name.endsWith(".jks") ? "JKS" : "PEM";
  }

  /** Opens the store now, so a wrong password or an empty store is one clear line, not a hung start. */
  private static String checkedStore(Path file, String type, String password, boolean needsKey) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password == null ? null : password.toCharArray());
      boolean hasKey = false;
      for (String alias : java.util.Collections.list(store.aliases())) {
        hasKey |= store.isKeyEntry(alias);
      }
      if (store.size() == 0 || needsKey && !hasKey) {
        throw new StartupException(file + " holds no " + (needsKey ? "private key" : "certificate"));
      }
      return file.toString();
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupException(file + " cannot be opened as " + type + " with CAMPUS_CLUSTER_TLS_PASSWORD: "
          + e.getMessage());
    }
  }

  private static String readPem(Path file, String setting) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new StartupException(setting + " " + file + " cannot be read: " + e.getMessage());
    }
  }
}
