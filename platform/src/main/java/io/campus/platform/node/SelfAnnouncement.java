package io.campus.platform.node;

import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Keeps this node reachable on the clustered event bus. Every member cleans the bus entries (node info,
 * subscriptions) of a member it sees leave. A member that wakes from a pause past the heartbeat sees every other
 * member leave, and while its view is splitting off, its clean-ups can reach the real cluster: live members then
 * lose their entries, and nobody can send to them until they restart (seen: "Connecting to server ... failed: Not a
 * member of the cluster", a service unavailable for good). vertx-hazelcast re-announces a node only when that node
 * itself merges back. So every {@link #CHECK_MS} each node looks for its own node info and, when it is gone,
 * announces itself again the way vertx-hazelcast does after a merge (node info, then its subscriptions).
 */
final class SelfAnnouncement {

  private static final Logger LOG = Logger.getLogger(SelfAnnouncement.class.getName());
  private static final long CHECK_MS = 1_000;

  private final Vertx vertx;
  private final HazelcastClusterManager cluster;
  private final BooleanSupplier started;
  private long timer = -1;
  private boolean checking;

  /** Checks only once {@code started}: while a node deploys, its registrations are still being made. */
  SelfAnnouncement(Vertx vertx, HazelcastClusterManager cluster, BooleanSupplier started) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.started = started;
  }

  void start() {
    timer = vertx.setPeriodic(CHECK_MS, id -> check());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    if (checking || !started.getAsBoolean() || !cluster.isActive()) {
      return;
    }
    checking = true;
    Promise<NodeInfo> own = Promise.promise();
    cluster.getNodeInfo(cluster.getNodeId(), own);
    own.future()
        .compose(info -> info != null ? Future.succeededFuture() : reannounce(), e -> gone(e) ? reannounce()
            : Future.succeededFuture()) // a slow or failed look-up is no evidence: ask again next time
        .onComplete(ar -> checking = false);
  }

  /** How vertx-hazelcast says that a node has no entry. */
  private static boolean gone(Throwable e) {
    return e.getMessage() != null && e.getMessage().contains("Not a member of the cluster");
  }

  private Future<Void> reannounce() {
    LOG.warning("this node's event-bus entry was gone from the cluster (another member, waking from a pause or cut "
        + "off, cleaned it up); announcing this node and its subscriptions again");
    return vertx.executeBlocking(() -> {
      cluster.stateChanged(new LifecycleEvent(LifecycleEvent.LifecycleState.MERGED));
      return null;
    });
  }
}
