package io.campus.platform.http;

import io.campus.platform.node.StartupException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;

import java.net.BindException;

/** Starting an HTTP server, where the commonest failure, a port already taken, gets a message an operator can act on. */
public final class HttpServers {

  private HttpServers() {
  }

  /** {@code setting} names the configuration key that moves the port, e.g. {@code http.port}. */
  public static Future<HttpServer> listen(HttpServer server, String host, int port, String setting) {
    return server.listen(port, host).recover(e -> Future.failedFuture(e instanceof BindException
        ? new StartupException(host + ":" + port + " is already in use; choose another port with CAMPUS_"
            + setting.toUpperCase().replace('.', '_'))
        : e));
  }
}
