package io.campus.bff.web;

import io.campus.bff.web.catalog.CatalogCache;
import io.campus.bff.web.live.LiveUpdates;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.auth.PublicKeyRefresher;
import io.campus.platform.auth.TokenSettings;
import io.campus.platform.auth.TokenVerifier;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.discovery.ServiceDirectory;
import io.campus.platform.http.RateLimiter;
import io.campus.platform.node.CampusNode;
import io.campus.platform.upstream.Upstream;
import io.campus.platform.upstream.UpstreamOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

/**
 * The web BFF: one view of the services (discovery directory, a circuit breaker per service, the token keys)
 * shared by {@code http.instances} HTTP server verticles on one port.
 */
public final class WebBffVerticle extends VerticleBase {

  private static final String UPSTREAMS_CHECK = "bff-web.upstreams";
  private static final String KEYS_CHECK = "bff-web.token-keys";

  private final CampusNode node;
  private ServiceDirectory directory;
  private PublicKeyRefresher keys;
  private MessageConsumer<Object> courseEvents;
  private LiveUpdates live;

  public WebBffVerticle(CampusNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    CampusConfig config = node.config();
    directory = new ServiceDirectory(vertx, node.discovery());
    UpstreamOptions options = UpstreamOptions.from(config);
    Upstream courses = new Upstream(vertx, CoursesApi.SERVICE, directory, options).measuredBy(node.meters());
    Upstream users = new Upstream(vertx, UsersApi.SERVICE, directory, options).measuredBy(node.meters());
    Upstream history = new Upstream(vertx, HistoryApi.SERVICE, directory, options).measuredBy(node.meters());
    Upstream payments = new Upstream(vertx, PaymentsApi.SERVICE, directory, options).measuredBy(node.meters());
    CatalogCache catalog = new CatalogCache(courses, config.getInt("catalog.cache.ttl.ms", 10_000), 1_000);
    // Any course event may change what the catalog shows: forget it all (events are rare, reads are many).
    courseEvents = vertx.eventBus().consumer(EventsApi.live(CoursesApi.SERVICE), m -> catalog.invalidate());
    TokenSettings settings = TokenSettings.from(config);
    TokenVerifier tokens = new TokenVerifier(vertx, settings.issuer(), settings.audience());
    keys = new PublicKeyRefresher(vertx, users, tokens, config.getInt("auth.keys.refresh.ms", 60_000));
    RateLimiter limiter = new RateLimiter(vertx,
        new RateLimiter.Rate(config.getInt("rate.limit.address.per.second", 2_000),
            config.getInt("rate.limit.address.burst", 4_000)),
        new RateLimiter.Rate(config.getInt("rate.limit.user.per.second", 100),
            config.getInt("rate.limit.user.burst", 200)));
    live = new LiveUpdates(vertx, tokens);
    WebBackends backends = new WebBackends(catalog, courses, users, history, payments, tokens, limiter, live);

    node.management().addReadinessCheck(UPSTREAMS_CHECK, () -> Future.succeededFuture(Status.OK(new JsonObject()
        .put(courses.service(), courses.state().name())
        .put(users.service(), users.state().name())
        .put(history.service(), history.state().name())
        .put(payments.service(), payments.state().name()))));
    // Without keys every authenticated route answers 503: not ready, rather than accepting unverifiable tokens.
    node.management().addReadinessCheck(KEYS_CHECK,
        () -> Future.succeededFuture(tokens.ready() ? Status.OK() : Status.KO()));

    return directory.start(config.getInt("directory.resync.ms", 2_000))
        .onSuccess(v -> keys.start())
        .compose(v -> live.start())
        .compose(v -> vertx.deployVerticle(() -> new WebHttpVerticle(config, backends),
            new DeploymentOptions().setInstances(config.getInt("http.instances", 1))));
  }

  @Override
  public Future<?> stop() {
    node.management().removeReadinessCheck(UPSTREAMS_CHECK);
    node.management().removeReadinessCheck(KEYS_CHECK);
    keys.stop();
    directory.stop();
    return courseEvents.unregister().eventually(live::stop);
  }
}
