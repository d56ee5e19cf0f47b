package io.campus.bff.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Where a WebJar's files are on the classpath, so a web page can use it without repeating its version. */
public final class Webjars {

  private Webjars() {
  }

  /** The classpath folder of the {@code org.webjars:<name>} jar this build depends on, for a StaticHandler. */
  public static String root(String name) {
    String properties = "META-INF/maven/org.webjars/" + name + "/pom.properties";
    try (InputStream in = Webjars.class.getClassLoader().getResourceAsStream(properties)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar " + name + " is not on the classpath");
      }
      Properties pom = new Properties();
      pom.load(in);
      return "META-INF/resources/webjars/" + name + "/" + pom.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
