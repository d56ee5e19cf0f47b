package io.campus.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster CA and node certificates for tests, made with the JDK's {@code keytool} exactly as the README tells an
 * operator to: EC P-256, node certificates for server and client authentication, PKCS#12 stores, and PEM copies.
 */
public final class ClusterCertificates {

  public static final String PASSWORD = "campus-test-secret";

  private final Path dir;

  private ClusterCertificates(Path dir) {
    this.dir = dir;
  }

  /** A new CA named {@code name} under {@code dir}. */
  public static ClusterCertificates create(Path dir, String name) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ClusterCertificates ca = new ClusterCertificates(dir);
    ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
    ca.keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-rfc",
        "-file", "ca.pem");
    ca.keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12", "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-noprompt");
    return ca;
  }

  /** The CA as a PKCS#12 trust store. */
  public Path truststore() {
    return dir.resolve("trust.p12");
  }

  /** The CA certificate, PEM. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** A PKCS#12 key store for node {@code name}: its key, its certificate signed by this CA, and the CA. */
  public Path node(String name) {
    String store = name + ".p12";
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD);
    keytool("-certreq", "-alias", "node", "-keystore", store, "-storepass", PASSWORD, "-file", name + ".csr");
    keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile", name + ".csr",
        "-outfile", name + ".crt", "-rfc", "-validity", "2", "-ext", "EKU=serverAuth,clientAuth",
        "-ext", "KU=digitalSignature");
    keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", store, "-storepass", PASSWORD,
        "-noprompt");
    keytool("-importcert", "-alias", "node", "-file", name + ".crt", "-keystore", store, "-storepass", PASSWORD);
    return dir.resolve(store);
  }

  /** Node {@code name}'s key and certificate chain as one PEM file (what {@code openssl pkcs12 -nodes} writes). */
  public Path nodePem(String name) {
    Path p12 = node(name);
    try (InputStream in = Files.newInputStream(p12)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      Key key = store.getKey("node", PASSWORD.toCharArray());
      List<String> blocks = new ArrayList<>();
      blocks.add(pem("PRIVATE KEY", key.getEncoded()));
      for (Certificate certificate : store.getCertificateChain("node")) {
        blocks.add(pem("CERTIFICATE", certificate.getEncoded()));
      }
      Path pem = dir.resolve(name + ".pem");
      Files.writeString(pem, String.join("", blocks), StandardCharsets.US_ASCII);
      return pem;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    // A short-lived JVM per call, a score of them per test class: the quick compiler alone halves each one's start.
    command.add("-J-XX:TieredStopAtLevel=1");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
