package io.campus.contracts.bridge;

/**
 * What a client of the TCP event-bus bridge (a service in another runtime) sees of Campus besides the services'
 * own addresses: the headers the bridge reads and writes on every frame, and the bridge's one endpoint, where a
 * client announces the service it runs. The frames themselves are the bridge's (a 4-byte length, then JSON).
 */
public final class BridgeApi {

  /** The deployable's name (its jar, its node name). */
  public static final String SERVICE = "bus-bridge";

  /**
   * Announces a service for the life of the sending socket: {@code {"service": "notifications", "capabilities":
   * ["impact"]}} is answered {@code {"registration": "..."}} once the discovery record is published. The record goes
   * when the socket closes (a client that dies takes it with it), or with the bridge's node.
   */
  public static final String RECORDS = "bridge.records";

  /** The shared secret, in the headers of every frame, where the bridge is not behind client certificates. */
  public static final String SECRET_HEADER = "campus-bridge-secret";
  /** Who sent a bridged message (its certificate's subject, or {@code secret}), set by the bridge. */
  public static final String CLIENT_HEADER = "campus-bridge-client";
  /** Which socket of the bridge a message came through, set by the bridge. */
  public static final String SOCKET_HEADER = "campus-bridge-socket";

  private BridgeApi() {
  }
}
