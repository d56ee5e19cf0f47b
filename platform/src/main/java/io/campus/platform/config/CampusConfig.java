package io.campus.platform.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;

/**
 * The effective configuration of one process, as flat dotted keys ({@code http.port}). Each layer overrides the
 * one before: defaults in code, a JSON file ({@code CAMPUS_CONFIG_FILE}), environment variables
 * ({@code CAMPUS_HTTP_PORT} is {@code http.port}), system properties ({@code -Dcampus.http.port}).
 * Loaded once at start, before Vert.x exists, because it decides how Vert.x is built.
 */
public final class CampusConfig {

  private static final String ENV_PREFIX = "CAMPUS_";
  private static final String NOT_SET = "(not set)";
  private static final String PROPERTY_PREFIX = "campus.";
  private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|private).*");
  // The userinfo ends at the last '@' before a host: a password may hold characters a URL should have encoded
  // ('@', '/'), and we would rather mask too much of a value than print a password.
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(://[^:/?#@\\s]*:)\\S*@(?=[^@/?#\\s]*(?:[/?#\\s]|$))");
  private static final Pattern QUERY_SECRET = Pattern.compile(
      "([?&;#][^=&#\\s]*(?:password|passwd|pwd|secret|token|key|auth|credential)[^=&#\\s]*=)[^&#\\s]*",
      Pattern.CASE_INSENSITIVE);
  // A userinfo without ':' may be a token (https://TOKEN@host): masked whole.
  private static final Pattern URL_TOKEN = Pattern.compile("(://)[^:/?#@\\s]+@");
  // A URL written without its scheme (user:secret@host, TOKEN@host): everything before the '@' is masked.
  private static final Pattern LEADING_USERINFO = Pattern.compile("^[^/?#@\\s]+@");

  private final Map<String, String> values;
  private final Map<String, String> origins;
  // Keys the process read, and those nobody set with the default the code used: what it prints once ready.
  private final Set<String> read = new ConcurrentSkipListSet<>();
  private final Map<String, String> defaultsUsed = new ConcurrentSkipListMap<>();

  private CampusConfig(Map<String, String> values, Map<String, String> origins) {
    this.values = Collections.unmodifiableMap(values);
    this.origins = Collections.unmodifiableMap(origins);
  }

  /** Loads the layers of this process: {@code defaults}, then the file, the environment and system properties. */
  public static CampusConfig load(Map<String, String> defaults) {
    return load(defaults, System.getenv(), System.getProperties());
  }

  static CampusConfig load(Map<String, String> defaults, Map<String, String> env, Properties properties) {
    Map<String, String> values = new TreeMap<>();
    Map<String, String> origins = new TreeMap<>();
    put(values, origins, defaults, "default");
    Map<String, String> fromEnv = fromEnv(env);
    Map<String, String> fromProperties = fromProperties(properties);
    String file = Optional.ofNullable(fromProperties.get("config.file")).orElse(fromEnv.get("config.file"));
    if (file != null) {
      put(values, origins, fromFile(Path.of(file)), "file " + file);
    }
    put(values, origins, fromEnv, "environment");
    put(values, origins, fromProperties, "system property");
    CampusConfig config = new CampusConfig(values, origins);
    config.read.add("config.file"); // read here, before any part of the process asks
    return config;
  }

  /** A configuration of exactly these values (tests). */
  public static CampusConfig of(Map<String, String> values) {
    Map<String, String> origins = new TreeMap<>();
    values.keySet().forEach(k -> origins.put(k, "given"));
    return new CampusConfig(new TreeMap<>(values), origins);
  }

  /** This configuration with {@code key} set to {@code value}. */
  public CampusConfig with(String key, String value) {
    Map<String, String> v = new TreeMap<>(values);
    Map<String, String> o = new TreeMap<>(origins);
    v.put(key, value);
    o.put(key, "given");
    return new CampusConfig(v, o);
  }

  /** Every key that has a value, whatever its layer. */
  public Set<String> keys() {
    return values.keySet();
  }

  public Optional<String> find(String key) {
    read.add(key);
    return Optional.ofNullable(values.get(key)).filter(s -> !s.isBlank());
  }

  public String get(String key, String fallback) {
    return find(key).orElseGet(() -> defaulted(key, fallback));
  }

  public int getInt(String key, int fallback) {
    return find(key).map(v -> parse(key, v)).orElseGet(() -> defaulted(key, fallback));
  }

  /** {@link #getInt}, refusing a value below {@code min} with a message that names the key and where it came from. */
  public int getInt(String key, int fallback, int min) {
    return getInt(key, fallback, min, Integer.MAX_VALUE);
  }

  /** {@link #getInt}, refusing a value outside {@code [min, max]}. */
  public int getInt(String key, int fallback, int min, int max) {
    int value = getInt(key, fallback);
    if (value < min || value > max) {
      throw invalid(key, max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max);
    }
    return value;
  }

  /** A TCP port to listen on; 0 picks a free one. */
  public int port(String key, int fallback) {
    return getInt(key, fallback, 0, 65_535);
  }

  public boolean getBoolean(String key, boolean fallback) {
    return find(key).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw invalid(key, "true or false");
    }).orElseGet(() -> defaulted(key, fallback));
  }

  /**
   * The error for a value of {@code key} that breaks {@code requirement}: one line naming the key, where its value
   * came from and the value (masked as printed), for the start to end with.
   */
  public InvalidSetting invalid(String key, String requirement) {
    String value = values.get(key);
    // A URL the code could not parse may hide credentials where the masks do not look: not echoed at all.
    boolean echo = value != null && !key.endsWith(".url");
    return new InvalidSetting("configuration " + key + " (from " + origins.getOrDefault(key, "default")
        + ") must be " + requirement + (echo ? ", not '" + mask(key, value) + "'" : ""));
  }

  private <T> T defaulted(String key, T fallback) {
    defaultsUsed.put(key, fallback == null ? NOT_SET : String.valueOf(fallback));
    return fallback;
  }

  private int parse(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(key, "a whole number");
    }
  }

  /**
   * One line per setting, secrets masked, as a process prints it once ready (by then every part has bound its
   * settings): each key it read with the effective value and its origin, defaults included, and each key set for it
   * that it never read (a typo, or a setting of another deployable).
   */
  public String describeEffective() {
    Set<String> keys = new TreeSet<>(read);
    keys.addAll(values.keySet());
    StringBuilder out = new StringBuilder();
    for (String key : keys) {
      Optional<String> set = Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
      String value = set.orElseGet(() -> defaultsUsed.getOrDefault(key, NOT_SET));
      String origin = set.isPresent() ? origins.get(key) : "default";
      out.append("  ").append(key).append(" = ").append(value.equals(NOT_SET) ? value : mask(key, value))
          .append("   (").append(origin)
          .append(read.contains(key) ? "" : "; not read by this process").append(")\n");
    }
    return out.toString();
  }

  /** One line per key with its origin, secrets masked: what a process prints at start. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    values.forEach((key, value) -> out.append("  ").append(key).append(" = ").append(mask(key, value))
        .append("   (").append(origins.get(key)).append(")\n"));
    return out.toString();
  }

  /** {@code value} as it may be printed: secret keys as {@code ****}, credentials inside a URL masked. */
  public static String mask(String key, String value) {
    if (SECRET_KEY.matcher(key).matches()) {
      return "****";
    }
    String masked = QUERY_SECRET.matcher(value).replaceAll("$1****");
    masked = URL_PASSWORD.matcher(masked).replaceAll("$1****@");
    masked = URL_TOKEN.matcher(masked).replaceAll("$1****@");
    return LEADING_USERINFO.matcher(masked).replaceAll("****@");
  }

  private static void put(Map<String, String> values, Map<String, String> origins, Map<String, String> layer,
                          String origin) {
    layer.forEach((k, v) -> {
      values.put(k, v);
      origins.put(k, origin);
    });
  }

  private static Map<String, String> fromEnv(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX)) {
        out.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return out;
  }

  private static Map<String, String> fromProperties(Properties properties) {
    Map<String, String> out = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> {
      if (name.startsWith(PROPERTY_PREFIX)) {
        out.put(name.substring(PROPERTY_PREFIX.length()), properties.getProperty(name));
      }
    });
    return out;
  }

  private static Map<String, String> fromFile(Path file) {
    try {
      Map<String, String> out = new TreeMap<>();
      flatten("", new JsonObject(Files.readString(file)), out);
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("configuration file " + file + " is not a JSON object: " + e.getMessage());
    }
  }

  private static void flatten(String prefix, JsonObject json, Map<String, String> out) {
    json.forEach(entry -> {
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof JsonObject nested) {
        flatten(key + ".", nested, out);
      } else if (entry.getValue() != null) {
        out.put(key, String.valueOf(entry.getValue()));
      }
    });
  }
}
