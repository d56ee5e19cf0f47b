package io.campus.launcher;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's configuration table and the settings the code reads are the same set: a key read but not documented
 * is a setting nobody can find, and a documented key nobody reads is a promise the code breaks (as CAMPUS_CONSUMER_*
 * was for users and payments). The code's keys are the literal keys of configuration look-ups in the main sources of
 * every deployable.
 */
class ConfigurationDocumentedTest {

  private static final Path ROOT = Path.of("..");
  // config.getInt("x.y", ...), node.config().get("x", ...), settings.find("x.y"): dotted keys anywhere, and single
  // words where the receiver is a configuration.
  private static final Pattern DOTTED = Pattern.compile(
      "\\.(?:get|getInt|getBoolean|find|port)\\(\"([a-z][a-z0-9]*(?:\\.[a-z0-9]+)+)\"");
  private static final Pattern ON_CONFIG = Pattern.compile(
      "config(?:\\(\\))?\\.(?:get|getInt|getBoolean|find|port)\\(\"([a-z][a-z0-9.]*)\"");
  private static final Pattern ROW = Pattern.compile("^\\| ((?:`[^`]+`(?:, )?)+) \\|", Pattern.MULTILINE);
  private static final Pattern NAME = Pattern.compile("`([^`]+)`");

  @Test
  @DisplayName("every setting the code reads is in the README's table, and every key there is read by the code")
  void theTableIsTheCode() {
    Set<String> read = readByCode();
    Set<String> documented = documented(read);
    Set<String> undocumented = new TreeSet<>(read);
    undocumented.removeAll(documented);
    Set<String> unread = new TreeSet<>(documented);
    unread.removeAll(read);
    assertEquals(Set.of(), undocumented, "read by the code, missing from the README's configuration table");
    assertEquals(Set.of(), unread, "in the README's configuration table, read nowhere");
    assertTrue(read.size() > 50, "the scan finds the code's settings: " + read);
  }

  /** Keys of configuration look-ups in the deployables' main sources (the bench and tests are not configured so). */
  private static Set<String> readByCode() {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(ConfigurationDocumentedTest::mainSource).toList()) {
        String source = Files.readString(file);
        if (source.contains("+ \".db.url\"")) {
          keys.add("<service>.db.url"); // a service's own database, looked up under its name
        }
        for (Pattern pattern : List.of(DOTTED, ON_CONFIG)) {
          Matcher m = pattern.matcher(source);
          while (m.find()) {
            keys.add(m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keys.removeIf(key -> key.startsWith("campus.")); // meter names looked up in a registry, not settings
    // Read from the process environment itself, before there is a configuration: documented in the text above the table.
    keys.add("config.file");
    return keys;
  }

  private static boolean mainSource(Path file) {
    String path = file.toString().replace('\\', '/');
    return path.endsWith(".java") && path.contains("/src/main/java/") && !path.contains("/target/")
        && !path.startsWith("../bench/") && !path.contains("/node_modules/");
  }

  /**
   * The table's keys as the code spells them ({@code CAMPUS_HTTP_PORT} is {@code http.port}); {@code ..._X} after a
   * key is that key's prefix with another ending, the one the code reads.
   */
  private static Set<String> documented(Set<String> read) {
    String readme;
    try {
      readme = Files.readString(ROOT.resolve("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String table = readme.substring(readme.indexOf("| key (environment) |"), readme.indexOf("\n\n",
        readme.indexOf("| key (environment) |")));
    Set<String> keys = new TreeSet<>();
    Matcher row = ROW.matcher(table);
    while (row.find()) {
      List<String> names = new ArrayList<>();
      Matcher name = NAME.matcher(row.group(1));
      while (name.find()) {
        names.add(name.group(1));
      }
      String first = key(names.get(0));
      keys.add(first);
      for (String other : names.subList(1, names.size())) {
        keys.add(other.startsWith("...") ? expand(first, key(other.substring(3)), read) : key(other));
      }
    }
    keys.add("config.file"); // CAMPUS_CONFIG_FILE, in the text above the table
    return keys;
  }

  private static String key(String environment) {
    return environment.replaceFirst("^_", "").replaceFirst("^CAMPUS_", "").toLowerCase().replace('_', '.');
  }

  /** {@code ..._BURST} after {@code rate.limit.address.per.second}: the longest prefix whose key the code reads. */
  private static String expand(String first, String ending, Set<String> read) {
    String prefix = first;
    while (prefix.contains(".")) {
      prefix = prefix.substring(0, prefix.lastIndexOf('.'));
      if (read.contains(prefix + "." + ending)) {
        return prefix + "." + ending;
      }
    }
    return first.substring(0, first.lastIndexOf('.')) + "." + ending; // reported as unread
  }
}
