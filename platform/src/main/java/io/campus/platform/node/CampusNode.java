package io.campus.platform.node;

import io.campus.contracts.RecordCodec;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.db.Databases;
import io.campus.platform.discovery.DepartedNodeReaper;
import io.campus.platform.discovery.NodeIdentity;
import io.campus.platform.management.ManagementServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.Status;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What one Campus JVM has once, whatever it deploys: its configuration, its Vert.x (local or clustered), discovery
 * and the reaper of departed nodes' records, the management server, and the databases of the services it runs.
 * Services receive it in their constructor. It is not a base class: services call it.
 */
public final class CampusNode {

  private static final Logger LOG = Logger.getLogger(CampusNode.class.getName());

  private final Vertx vertx;
  private final CampusConfig config;
  private final NodeSettings settings;
  private final NodeIdentity identity;
  private final ClusterManager clusterManager;
  private final ServiceDiscovery discovery;
  private final ManagementServer management;
  private final String metricsRegistry;
  private final Deque<String> deployments = new ConcurrentLinkedDeque<>();
  private DepartedNodeReaper reaper;
  private volatile boolean started;
  private SelfAnnouncement selfAnnouncement;
  private FreezeWatch freezes;
  private Databases databases;
  private Runnable onEmbeddedDatabaseDeath = () -> { };
  private Future<Void> closing;

  private CampusNode(Vertx vertx, CampusConfig config, NodeSettings settings, NodeIdentity identity,
                     ClusterManager clusterManager, String metricsRegistry) {
    this.vertx = vertx;
    this.metricsRegistry = metricsRegistry;
    this.config = config;
    this.settings = settings;
    this.identity = identity;
    this.clusterManager = clusterManager;
    this.discovery = ServiceDiscovery.create(vertx);
    this.management = new ManagementServer(vertx);
  }

  /**
   * Builds Vert.x, clustered when {@code clusterManager} is given, and starts the node's own parts.
   * Call from a non-Vert.x thread.
   */
  public static Future<CampusNode> start(CampusConfig config, ClusterManager clusterManager) {
    return start(config, NodeSettings.from(config), clusterManager);
  }

  /** As {@link #start(CampusConfig, ClusterManager)}, with the node's settings bound already (by the launcher). */
  public static Future<CampusNode> start(CampusConfig config, NodeSettings settings, ClusterManager clusterManager) {
    String nodeName = settings.name();
    String metricsRegistry = nodeName + "-" + UUID.randomUUID();
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName(metricsRegistry)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    if (settings.eventLoops() > 0) {
      options.setEventLoopPoolSize(settings.eventLoops());
    }
    if (clusterManager != null) {
      ClusterTls.from(config).ifPresentOrElse(options::setEventBusOptions, () -> LOG.warning(
          "the clustered event bus is neither encrypted nor authenticated: any process that joins the cluster can "
              + "send to and receive from every service; set CAMPUS_CLUSTER_TLS_KEYSTORE, _TRUSTSTORE and _PASSWORD"));
    }
    VertxBuilder builder = Vertx.builder().with(options);
    Future<Vertx> vertx = clusterManager == null
        ? Future.succeededFuture(builder.build())
        : builder.withClusterManager(clusterManager).buildClustered();
    return vertx.compose(v -> {
      RecordCodec.register(v);
      String nodeId = clusterManager != null ? clusterManager.getNodeId() : "local-" + UUID.randomUUID();
      NodeIdentity identity = new NodeIdentity(nodeId, nodeName, version());
      CampusNode node = new CampusNode(v, config, settings, identity, clusterManager, metricsRegistry);
      return node.startParts().map(node);
    });
  }

  /**
   * The node is ready to serve: every verticle it runs is deployed. Until then readiness says DOWN ("starting"),
   * whatever else it checks: a probe must never see UP before the first request can be served.
   */
  public void started() {
    started = true;
  }

  private Future<Void> startParts() {
    management.addReadinessCheck("started", () -> Future.succeededFuture(started ? Status.OK()
        : Status.KO(new JsonObject().put("reason", "starting"))));
    Future<?> reaping = Future.succeededFuture();
    if (clusterManager != null) {
      reaping = DepartedNodeReaper.start(discovery, clusterManager, vertx.getOrCreateContext())
          .onSuccess(r -> reaper = r);
      if (clusterManager instanceof HazelcastClusterManager hazelcast) {
        selfAnnouncement = new SelfAnnouncement(vertx, hazelcast, () -> started);
        selfAnnouncement.start();
        freezes = FreezeWatch.start(hazelcast);
      }
      management.addReadinessCheck("cluster", () -> Future.succeededFuture(!clusterManager.isActive() ? Status.KO()
          : freezes == null ? Status.OK() : freezes.status()));
    }
    return reaping
        .compose(r -> management.start(settings.managementHost(), settings.managementPort(), metricsRegistry))
        .mapEmpty();
  }

  /** Deploys {@code instances} instances of a top-level verticle; {@link #close()} undeploys it. */
  public Future<String> deploy(Supplier<? extends Deployable> verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
        .onSuccess(deployments::push);
  }

  /** Undeploys a verticle deployed with {@link #deploy}. */
  public Future<Void> undeploy(String deploymentId) {
    deployments.remove(deploymentId);
    return vertx.undeploy(deploymentId);
  }

  public Vertx vertx() {
    return vertx;
  }

  public CampusConfig config() {
    return config;
  }

  public NodeSettings settings() {
    return settings;
  }

  public NodeIdentity identity() {
    return identity;
  }

  public boolean clustered() {
    return clusterManager != null;
  }

  public ServiceDiscovery discovery() {
    return discovery;
  }

  public ManagementServer management() {
    return management;
  }

  /** Where this node's own metrics go (served on {@code /metrics} with Vert.x's). */
  public MeterRegistry meters() {
    return BackendRegistries.getNow(metricsRegistry);
  }

  /**
   * What to do if the embedded PostgreSQL of this node dies under it (see {@link Databases#onEmbeddedDeath}). Kept
   * here, not set on {@link #databases()}: a node without databases (a BFF) has no SQL client to load.
   */
  public synchronized void onEmbeddedDatabaseDeath(Runnable action) {
    onEmbeddedDatabaseDeath = action;
    if (databases != null) {
      databases.onEmbeddedDeath(action);
    }
  }

  /** The databases of the services on this node; the embedded server, if any, starts on first use. */
  public synchronized Databases databases() {
    if (databases == null) {
      databases = new Databases(vertx, config, settings);
      databases.onEmbeddedDeath(onEmbeddedDatabaseDeath);
    }
    return databases;
  }

  /**
   * Stops everything in order: the verticles, last deployed first (so BFFs stop before the services they call, and
   * each service unpublishes its record), discovery, Vert.x, and last the embedded PostgreSQL, on a plain thread
   * because Vert.x's threads are gone by then.
   */
  public synchronized Future<Void> close() {
    if (closing != null) {
      return closing;
    }
    Promise<Void> closed = Promise.promise();
    closing = closed.future();
    Future<Void> undeployed = Future.succeededFuture();
    for (String id : deployments) {
      undeployed = undeployed.eventually(() -> vertx.undeploy(id));
    }
    deployments.clear();
    undeployed
        .eventually(() -> {
          if (reaper != null) {
            reaper.stop();
          }
          if (selfAnnouncement != null) {
            selfAnnouncement.stop();
          }
          if (freezes != null) {
            freezes.stop();
          }
          discovery.close();
          return management.stop();
        })
        .eventually(vertx::close)
        .onComplete(ar -> new Thread(() -> {
          synchronized (this) {
            if (databases != null) {
              databases.closeEmbedded();
            }
          }
          closed.complete();
        }, "campus-stop-postgres").start());
    return closed.future();
  }

  private static String version() {
    String version = CampusNode.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }
}
