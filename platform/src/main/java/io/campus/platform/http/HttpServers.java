package io.campus.platform.http;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.StartupException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.net.BindException;

/** Starting an HTTP server, where the commonest failure, a port already taken, gets a message an operator can act on. */
public final class HttpServers {

  private HttpServers() {
  }

  /**
   * Options for a server that strangers reach: request headers at most {@code http.max.header.bytes} (8 KiB) in all
   * and a request line at most {@code http.max.initial.line.bytes} (4 KiB); beyond, Netty answers 431 or 414 before any
   * handler runs. HTTP/1.1 only: cleartext HTTP/2 (h2c) would not apply the request-line limit, and browsers speak
   * HTTP/2 only over TLS, which a proxy in front terminates.
   */
  public static HttpServerOptions options(CampusConfig config) {
    return new HttpServerOptions()
        .setMaxHeaderSize(config.getInt("http.max.header.bytes", 8 * 1024, 1_024))
        .setMaxInitialLineLength(config.getInt("http.max.initial.line.bytes", 4 * 1024, 256))
        .setHttp2ClearTextEnabled(false);
  }

  /** {@code setting} names the configuration key that moves the port, e.g. {@code http.port}. */
  public static Future<HttpServer> listen(HttpServer server, String host, int port, String setting) {
    return server.listen(port, host).recover(e -> Future.failedFuture(e instanceof BindException
        ? new StartupException(host + ":" + port + " is already in use; choose another port with CAMPUS_"
            + setting.toUpperCase().replace('.', '_'))
        : e));
  }
}
