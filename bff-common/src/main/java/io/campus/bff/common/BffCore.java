package io.campus.bff.common;

import io.campus.bff.common.auth.PublicKeyRefresher;
import io.campus.bff.common.auth.TokenVerifier;
import io.campus.bff.common.discovery.ServiceDirectory;
import io.campus.bff.common.limits.RateLimiter;
import io.campus.bff.common.upstream.Upstream;
import io.campus.bff.common.upstream.UpstreamOptions;
import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.events.EventsApi;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.node.CampusNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a BFF stands on, whichever client it serves: its view of which services are up, an upstream (breaker,
 * timeout, in-flight cap) per service, the token verifier with its key refresher, the catalog cache emptied by
 * course events, the rate limiter, and the readiness checks that report all of it. Made once per BFF and shared by
 * its HTTP verticles.
 */
public final class BffCore {

  private final Vertx vertx;
  private final CampusNode node;
  private final String name;
  private final ServiceDirectory directory;
  private final UpstreamOptions options;
  private final UpstreamOptions authOptions;
  private final UpstreamOptions adminOptions;
  private final Map<String, Upstream> upstreams = new ConcurrentHashMap<>();
  private final TokenVerifier tokens;
  private final PublicKeyRefresher keys;
  private final CatalogCache catalog;
  private final RateLimiter limiter;
  private MessageConsumer<Object> courseEvents;

  private BffCore(Vertx vertx, CampusNode node, String name, BffSettings settings) {
    this.vertx = vertx;
    this.node = node;
    this.name = name;
    this.directory = new ServiceDirectory(vertx, node.discovery());
    this.options = settings.upstream();
    this.authOptions = settings.auth();
    this.adminOptions = settings.admin();
    this.tokens = new TokenVerifier(vertx, settings.tokens().issuer(), settings.tokens().audience());
    this.keys = new PublicKeyRefresher(vertx, upstream(UsersApi.SERVICE), tokens, settings.keysRefreshMs());
    this.catalog = new CatalogCache(upstream(CoursesApi.SERVICE), settings.catalogTtlMs(), settings.catalogStaleMs(),
        1_000);
    this.limiter = new RateLimiter(settings.limits()).measuredBy(node.meters(), name);
  }

  /** Starts the BFF's view of the cluster; {@code name} prefixes its readiness checks. */
  public static Future<BffCore> start(Vertx vertx, CampusNode node, String name, BffSettings settings) {
    BffCore core = new BffCore(vertx, node, name, settings);
    // Any course event may change what the catalog shows: forget it all (events are rare, reads are many).
    core.courseEvents = vertx.eventBus().consumer(EventsApi.live(CoursesApi.SERVICE), m -> core.catalog.invalidate());
    node.management().addReadinessCheck(name + ".upstreams", () -> {
      JsonObject states = new JsonObject();
      core.upstreams.values().forEach(u -> states.put(u.name(), u.state().name()));
      return Future.succeededFuture(Status.OK(states));
    });
    // Without keys every signed-in route answers 503: not ready, rather than accepting unverifiable tokens.
    node.management().addReadinessCheck(name + ".token-keys",
        () -> Future.succeededFuture(core.tokens.ready() ? Status.OK() : Status.KO()));
    return core.directory.start(settings.directoryResyncMs())
        .onSuccess(v -> core.keys.start())
        .map(core);
  }

  /** The upstream of {@code service}, made on first use. */
  public Upstream upstream(String service) {
    return upstreams.computeIfAbsent(service,
        s -> new Upstream(vertx, s, directory, options).measuredBy(node.meters(), name));
  }

  /**
   * Sign-in and registration: the users service behind an upstream of their own (own breaker, own in-flight cap,
   * a timeout sized to password hashing), so a storm of logins never degrades profiles, pages or token keys.
   */
  public Upstream auth() {
    return upstreams.computeIfAbsent(UsersApi.SERVICE + "-auth",
        s -> new Upstream(vertx, UsersApi.SERVICE, s, directory, authOptions).measuredBy(node.meters(), name));
  }

  /** An admin's long operations on {@code service}, behind an upstream of their own (see {@code admin.upstream.*}). */
  public Upstream admin(String service) {
    return upstreams.computeIfAbsent(service + "-admin",
        s -> new Upstream(vertx, service, s, directory, adminOptions).measuredBy(node.meters(), name));
  }

  public TokenVerifier tokens() {
    return tokens;
  }

  public CatalogCache catalog() {
    return catalog;
  }

  public RateLimiter limiter() {
    return limiter;
  }

  public Future<Void> stop() {
    node.management().removeReadinessCheck(name + ".upstreams");
    node.management().removeReadinessCheck(name + ".token-keys");
    keys.stop();
    directory.stop();
    return courseEvents.unregister();
  }
}
