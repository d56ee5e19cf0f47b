package io.campus.sandbox;

import io.vertx.core.Vertx;

/**
 * {@code java -jar payment-sandbox.jar}: the sandbox on {@code CAMPUS_SANDBOX_PORT} (default 8090) of
 * {@code CAMPUS_SANDBOX_HOST} (default 127.0.0.1). Ctrl-C stops it; everything it knew is forgotten.
 */
public final class SandboxMain {

  private SandboxMain() {
  }

  public static void main(String[] args) {
    String host = setting("CAMPUS_SANDBOX_HOST", "campus.sandbox.host", "127.0.0.1");
    int port = Integer.parseInt(setting("CAMPUS_SANDBOX_PORT", "campus.sandbox.port", "8090"));
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new SandboxVerticle(host, port)).onFailure(e -> {
      System.err.println("payment-sandbox: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      System.exit(1);
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }

  private static String setting(String env, String property, String fallback) {
    String value = System.getProperty(property, System.getenv(env));
    return value == null || value.isBlank() ? fallback : value;
  }
}
