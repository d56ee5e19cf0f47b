package io.campus.bridge.guard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One client's connection to the bridge, as the guard knows it: who it proved to be, the addresses it registered,
 * and what must be undone when it closes (its discovery records). Used on the bridge's event loop only.
 */
public final class BridgeSocket {

  private final String id = UUID.randomUUID().toString();
  private final String client;
  private final boolean certified;
  private final Set<String> registrations = new HashSet<>();
  private final Set<String> announced = new HashSet<>();
  private final List<Runnable> onClose = new ArrayList<>();
  private boolean closed;

  BridgeSocket(String client, boolean certified) {
    this.client = client;
    this.certified = certified;
  }

  /** The id the bridge gives it, in {@code campus-bridge-socket} of every message it sends. */
  public String id() {
    return id;
  }

  /** Its certificate's subject, or {@code secret}. */
  public String client() {
    return client;
  }

  boolean certified() {
    return certified;
  }

  Set<String> registrations() {
    return registrations;
  }

  /** Takes {@code service} as announced through this socket; false if it already was. */
  public boolean announce(String service) {
    return announced.add(service);
  }

  /** Takes back an announcement whose record could not be published. */
  public void forget(String service) {
    announced.remove(service);
  }

  public boolean closed() {
    return closed;
  }

  /** Runs {@code action} when the socket closes (at once if it has). */
  public void onClose(Runnable action) {
    if (closed) {
      action.run();
    } else {
      onClose.add(action);
    }
  }

  void close() {
    closed = true;
    onClose.forEach(Runnable::run);
    onClose.clear();
  }
}
