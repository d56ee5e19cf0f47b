package io.campus.platform.discovery;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Removes the discovery records of cluster members that left without unpublishing (killed, frozen, cut off).
 * Every node runs one; when several race for the same record the losers' "not found" is harmless. It listens to
 * Hazelcast membership directly because Vert.x's own node listener has a single slot, taken by its HA manager.
 *
 * <p>It does not trust one membership event. A removal waits {@link #GRACE_MS} and is made only if the member is
 * still gone then. And a node that lost half or more of the members it knew (it was paused past the heartbeat, or
 * cut off: from where it stands everybody else left, or it is in a cluster of two that a woken member pulled it into)
 * reaps nothing until it has been in that state for {@link #MINORITY_MS}: the rest of the cluster is likely alive and
 * about to merge it back, and its own records are the ones that went. Records removed by mistake anyway come back: each node republishes its own
 * ({@link ServiceRegistration}).
 */
public final class DepartedNodeReaper {

  private static final Logger LOG = Logger.getLogger(DepartedNodeReaper.class.getName());
  private static final String VERTX_NODE_ID = "__vertx.nodeId";
  static final long GRACE_MS = 3_000;
  static final long MINORITY_MS = 30_000;

  private final ServiceDiscovery discovery;
  private final ClusterManager clusterManager;
  private final Context context;
  private UUID listenerId;
  // The most members this node has seen since the last time it accepted a smaller cluster as real.
  private int known;
  private long minoritySince = -1;

  private DepartedNodeReaper(ServiceDiscovery discovery, ClusterManager clusterManager, Context context) {
    this.discovery = discovery;
    this.clusterManager = clusterManager;
    this.context = context;
  }

  /** Starts reaping, and at once removes records of nodes that are not members any more. */
  public static Future<DepartedNodeReaper> start(ServiceDiscovery discovery, ClusterManager clusterManager,
                                                 Context context) {
    DepartedNodeReaper reaper = new DepartedNodeReaper(discovery, clusterManager, context);
    reaper.known = clusterManager.getNodes().size();
    if (clusterManager instanceof HazelcastClusterManager hazelcast) {
      reaper.listenerId = hazelcast.getHazelcastInstance().getCluster().addMembershipListener(reaper.listener());
    }
    return reaper.sweep().map(reaper);
  }

  public void stop() {
    if (listenerId != null && clusterManager instanceof HazelcastClusterManager hazelcast
        && hazelcast.isActive()) {
      hazelcast.getHazelcastInstance().getCluster().removeMembershipListener(listenerId);
    }
  }

  /** Removes every record whose node is not a member of the cluster now. */
  public Future<Integer> sweep() {
    Set<String> members = new HashSet<>(clusterManager.getNodes());
    return removeWhere(r -> !members.contains(r.getMetadata().getString(NodeIdentity.NODE_ID)));
  }

  private MembershipListener listener() {
    return new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        context.runOnContext(v -> known = Math.max(known, clusterManager.getNodes().size()));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String departed = event.getMember().getAttribute(VERTX_NODE_ID);
        if (departed != null) {
          context.runOnContext(v -> context.owner().setTimer(GRACE_MS, id -> reap(departed)));
        }
      }
    };
  }

  /** After the grace: removes the departed member's records if it is still gone and this node is not cut off. */
  private void reap(String departed) {
    List<String> members = clusterManager.getNodes();
    if (!cutOff(members.size(), known)) {
      minoritySince = -1; // not (or no longer) cut off
    }
    if (members.contains(departed)) {
      return; // back (a pause shorter than it looked, or merged again)
    }
    known = Math.max(known, members.size());
    if (cutOff(members.size(), known)) {
      long now = System.nanoTime();
      if (minoritySince < 0) {
        minoritySince = now;
        LOG.warning("this node sees " + members.size() + " of the " + known + " members it knew: it may be the one "
            + "cut off, so it removes no records for now");
      }
      if (now - minoritySince < MINORITY_MS * 1_000_000) {
        context.owner().setTimer(GRACE_MS, id -> reap(departed)); // ask again: merged back, or the others are gone
        return;
      }
      LOG.warning("still " + members.size() + " of " + known + " members after " + MINORITY_MS / 1000 + " s: taking "
          + "that as the cluster now");
      known = members.size();
    }
    minoritySince = -1;
    known = members.size();
    removeWhere(r -> departed.equals(r.getMetadata().getString(NodeIdentity.NODE_ID)));
  }

  /**
   * Whether a node that sees {@code seen} members, having known {@code known}, may be the one cut off: it lost half or
   * more of them. Exactly half counts (a woken member that pulls one other into a cluster of their own sees 2 of 4),
   * except in a cluster of two, where the survivor of a kill must still reap its peer.
   */
  static boolean cutOff(int seen, int known) {
    return known > 2 && seen * 2 <= known;
  }

  private Future<Integer> removeWhere(java.util.function.Predicate<Record> departed) {
    return discovery.getRecords(r -> r.getMetadata().containsKey(NodeIdentity.NODE_ID) && departed.test(r), true)
        .compose(records -> Future.all(records.stream().map(this::remove).toList()).map(all -> records.size()));
  }

  private Future<Void> remove(Record record) {
    LOG.info("removing record " + record.getName() + " of departed node "
        + record.getMetadata().getString(NodeIdentity.NODE_ID));
    return discovery.unpublish(record.getRegistration()).recover(e -> Future.succeededFuture()); // lost the race
  }
}
