package io.campus.platform.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CampusConfigTest {

  @Test
  @DisplayName("each layer overrides the one before: defaults < file < environment < system properties")
  void layers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("campus.json");
    Files.writeString(file, "{\"http\":{\"port\":8100,\"host\":\"10.0.0.1\"},\"data.dir\":\"/from/file\",\"db\":{\"url\":\"f\"}}");
    Properties props = new Properties();
    props.setProperty("campus.http.port", "8300");
    props.setProperty("unrelated", "x");

    CampusConfig config = CampusConfig.load(
        Map.of("http.port", "8080", "management.port", "9000", "data.dir", ".campus"),
        Map.of("CAMPUS_CONFIG_FILE", file.toString(), "CAMPUS_DATA_DIR", "/from/env", "PATH", "/bin"),
        props);

    assertEquals(8300, config.getInt("http.port", 0));
    assertEquals("/from/env", config.get("data.dir", null));
    assertEquals("10.0.0.1", config.get("http.host", null));
    assertEquals(9000, config.getInt("management.port", 0));
    assertTrue(config.find("path").isEmpty(), "only CAMPUS_ variables are read");
    assertTrue(config.describe().contains("http.port = 8300   (system property)"));
  }

  @Test
  @DisplayName("a per-service environment variable maps to a dotted key")
  void serviceKeys() {
    CampusConfig config = CampusConfig.load(Map.of(),
        Map.of("CAMPUS_PURCHASE_HISTORY_DB_URL", "postgresql://h/x"), new Properties());
    assertEquals("postgresql://h/x", config.get("purchase.history.db.url", null));
  }

  @Test
  @DisplayName("the printed configuration masks passwords, in keys and inside URLs")
  void masksSecrets() {
    String printed = CampusConfig.of(Map.of(
        "db.url", "postgresql://campus:s3cret@db:5432/campus",
        "admin.password", "hunter22hunter")).describe();
    assertFalse(printed.contains("s3cret"), printed);
    assertFalse(printed.contains("hunter22"), printed);
    assertTrue(printed.contains("postgresql://campus:****@db:5432/campus"), printed);
  }

  @Test
  @DisplayName("the printed configuration shows every setting read with its value and origin, defaults included, and "
      + "flags a setting nobody read")
  void effectiveConfiguration() {
    CampusConfig config = CampusConfig.of(Map.of("http.port", "9000", "upstream.timout.ms", "500"));
    config.getInt("http.port", 8080);
    config.getInt("db.pool.size", 8);
    config.getBoolean("cluster", false);
    config.get("admin.password", "not-a-real-default");
    config.get("http.cors.origin", null);
    config.find("admin.email");
    config.find("auth.secret");
    assertEquals("""
          admin.email = (not set)   (default)
          admin.password = ****   (default)
          auth.secret = (not set)   (default)
          cluster = false   (default)
          db.pool.size = 8   (default)
          http.cors.origin = (not set)   (default)
          http.port = 9000   (given)
          upstream.timout.ms = 500   (given; not read by this process)
        """, config.describeEffective());
  }

  @Test
  @DisplayName("a value the process cannot use is refused with one line naming the key, its origin and the value")
  void invalidValues() {
    CampusConfig config = CampusConfig.load(Map.of(), Map.of("CAMPUS_HTTP_PORT", "70000", "CAMPUS_CLUSTER", "yes",
        "CAMPUS_DB_POOL_SIZE", "0", "CAMPUS_UPSTREAM_TIMEOUT_MS", "fast"), new Properties());
    assertEquals("configuration http.port (from environment) must be between 0 and 65535, not '70000'",
        assertThrows(InvalidSetting.class, () -> config.port("http.port", 8080)).getMessage());
    assertEquals("configuration cluster (from environment) must be true or false, not 'yes'",
        assertThrows(InvalidSetting.class, () -> config.getBoolean("cluster", false)).getMessage());
    assertEquals("configuration db.pool.size (from environment) must be at least 1, not '0'",
        assertThrows(InvalidSetting.class, () -> config.getInt("db.pool.size", 8, 1)).getMessage());
    assertEquals("configuration upstream.timeout.ms (from environment) must be a whole number, not 'fast'",
        assertThrows(InvalidSetting.class, () -> config.getInt("upstream.timeout.ms", 800)).getMessage());
    CampusConfig url = CampusConfig.of(Map.of("payments.processor.url", "user:s3cret@processor"));
    assertEquals("configuration payments.processor.url (from given) must be an http URL",
        url.invalid("payments.processor.url", "an http URL").getMessage(), "a URL the code cannot read is not echoed");
    assertTrue(CampusConfig.of(Map.of("cluster", "TRUE")).getBoolean("cluster", false));
    assertFalse(CampusConfig.of(Map.of("cluster", "0")).getBoolean("cluster", true));
  }

  @Test
  @DisplayName("a URL's password is masked whatever the key, keeping user and host, also as a query parameter")
  void masksUrlPasswords() {
    assertEquals("postgresql://campus:****@db.internal:5432",
        CampusConfig.mask("courses.db.url", "postgresql://campus:secret@db.internal:5432"));
    assertEquals("postgresql://campus:****@db.internal:5432/campus",
        CampusConfig.mask("db.url", "postgresql://campus:p@ss/w:rd@db.internal:5432/campus"));
    assertEquals("postgresql://:****@db:5432", CampusConfig.mask("db.url", "postgresql://:secret@db:5432"));
    assertEquals("postgresql://db:5432/campus?user=campus&password=****&sslmode=require",
        CampusConfig.mask("db.url", "postgresql://db:5432/campus?user=campus&password=s3cret&sslmode=require"));
    assertEquals("postgresql://db/campus?sslpassword=****",
        CampusConfig.mask("db.url", "postgresql://db/campus?sslpassword=k3y"));
    assertEquals("****@processor.example:8443", CampusConfig.mask("payments.processor.url",
        "user:s3cret@processor.example:8443"), "a URL without its scheme");
    // A userinfo without ':' may be a token: masked whole (a user name alone is masked too: better than a token).
    assertEquals("postgresql://****@db:5432/campus?application_name=a",
        CampusConfig.mask("db.url", "postgresql://campus@db:5432/campus?application_name=a"));
    assertEquals("https://****@processor.example/v1", CampusConfig.mask("payments.processor.url",
        "https://ghp_0123456789abcdef@processor.example/v1"));
    assertEquals("https://p.example/v1?api_key=****&apikey=****&auth=****&credentials=****#access_token=****",
        CampusConfig.mask("payments.processor.url",
            "https://p.example/v1?api_key=a1&apikey=a2&auth=a3&credentials=a4#access_token=a5"));
    assertEquals("db.internal:5432", CampusConfig.mask("db.url", "db.internal:5432"));
  }

  @Test
  @DisplayName("a port that is not a number is a clear configuration error")
  void badNumber() {
    CampusConfig config = CampusConfig.load(Map.of(), Map.of("CAMPUS_HTTP_PORT", "eighty"), new Properties());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.getInt("http.port", 1));
    assertTrue(e.getMessage().contains("http.port") && e.getMessage().contains("environment"), e.getMessage());
  }

  @Test
  @DisplayName("a configuration file that is not JSON is refused with its path")
  void badFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "port=1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CampusConfig.load(Map.of(),
        Map.of("CAMPUS_CONFIG_FILE", file.toString()), new Properties()));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
