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
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Removes the discovery records of cluster members that left without unpublishing (killed, frozen, cut off).
 * Every node runs one; when several race for the same record the losers' "not found" is harmless. It listens to
 * Hazelcast membership directly because Vert.x's own node listener has a single slot, taken by its HA manager.
 */
public final class DepartedNodeReaper {

  private static final Logger LOG = Logger.getLogger(DepartedNodeReaper.class.getName());
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private final ServiceDiscovery discovery;
  private final ClusterManager clusterManager;
  private final Context context;
  private UUID listenerId;

  private DepartedNodeReaper(ServiceDiscovery discovery, ClusterManager clusterManager, Context context) {
    this.discovery = discovery;
    this.clusterManager = clusterManager;
    this.context = context;
  }

  /** Starts reaping, and at once removes records of nodes that are not members any more. */
  public static Future<DepartedNodeReaper> start(ServiceDiscovery discovery, ClusterManager clusterManager,
                                                 Context context) {
    DepartedNodeReaper reaper = new DepartedNodeReaper(discovery, clusterManager, context);
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
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String departed = event.getMember().getAttribute(VERTX_NODE_ID);
        if (departed != null) {
          context.runOnContext(v -> removeWhere(r -> departed.equals(r.getMetadata().getString(NodeIdentity.NODE_ID))));
        }
      }
    };
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
