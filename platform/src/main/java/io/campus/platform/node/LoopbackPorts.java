package io.campus.platform.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers a test, the bench or the fault-injection suite starts on loopback. Taken below the range the
 * OS gives outgoing connections (32768-60999 on Linux): a port asked of the OS (port 0) is such an ephemeral port,
 * and between the moment it is handed out and the moment a child JVM binds it, any outgoing connection on the
 * machine (a cluster member's, a database client's) may take it; a CI run failed so ("already in use").
 */
public final class LoopbackPorts {

  private static final int FROM = 20_000;
  private static final int TO = 32_000;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {
  }

  /** A port free on loopback now, and never handed out before by this JVM. */
  public static int free() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FROM, TO);
      if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + FROM + "-" + TO + " after 1000 attempts");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
