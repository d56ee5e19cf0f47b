package io.campus.bff.common.upstream;

import io.campus.bff.common.discovery.ServiceDirectory;
import io.campus.contracts.Endpoint;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.platform.auth.Caller;
import io.campus.platform.bus.BusClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A downstream service as a caller sees it: found through discovery (no live record means down, answered at
 * once), called over the bus with a timeout, behind its own circuit breaker. Only infrastructure failures count
 * against the breaker: a {@code NOT_FOUND} is an answer, not an outage, and so is a service that sheds load on
 * purpose ("busy, try again after n seconds": it says when); one that cannot answer in time is an outage. A new
 * live record of the service (started, restarted, back from a pause) closes the circuit at once: the instance that
 * failed is gone or healed, and waiting out the reset timeout would only turn users away from one that works. A
 * caller may keep several upstreams of one service, each with its own name, breaker, timeout and in-flight cap
 * (the BFFs keep sign-ins apart from everything else).
 *
 * <p>A read ({@link Endpoint#read()}) not answered within the hedge delay is sent once more, and the first answer
 * wins. The bus sends each request to the next instance in turn, so the copy goes to another instance when there is
 * one, and a member that was killed or frozen a moment ago (still in the cluster's subscriptions, so the bus keeps
 * picking it, and a send to it fails without telling the requester) costs a reader the delay, not the timeout. The
 * copy takes a place among the calls in flight, so under overload, when everything is slow, no copies are sent.
 */
public final class Upstream {

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Upstream.class.getName());

  // INTERNAL is an answer too: the service is up, and a stranger who found a bug must not open the circuit with it.
  private static final Set<ErrorCode> OUTAGES = EnumSet.of(ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT);

  private final String service;
  private final String name;
  private final ServiceDirectory directory;
  private final BusClient bus;
  private final Vertx vertx;
  private final CircuitBreakerOptions breakerOptions;
  private volatile CircuitBreaker breaker;
  private final long timeoutMs;
  private final int maxInFlight;
  private final long hedgeMs;
  private final long resetSeconds;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong hedges = new AtomicLong();
  private volatile String lastOutage;

  public Upstream(Vertx vertx, String service, ServiceDirectory directory, UpstreamOptions options) {
    this(vertx, service, service, directory, options);
  }

  /** An upstream of {@code service} called {@code name} (its breaker and metrics). */
  public Upstream(Vertx vertx, String service, String name, ServiceDirectory directory, UpstreamOptions options) {
    this.vertx = vertx;
    this.service = service;
    this.name = name;
    this.directory = directory;
    this.bus = new BusClient(vertx);
    this.timeoutMs = options.timeoutMs();
    this.maxInFlight = options.maxInFlight();
    this.hedgeMs = options.hedgeMs();
    this.resetSeconds = Math.max(1, (options.resetTimeoutMs() + 999) / 1000);
    this.breakerOptions = new CircuitBreakerOptions()
        .setTimeout(options.timeoutMs())
        .setMaxFailures(options.maxFailures())
        .setResetTimeout(options.resetTimeoutMs());
    this.breaker = newBreaker();
    directory.onArrival(service, this::closeCircuit);
  }

  private CircuitBreaker newBreaker() {
    CircuitBreaker created = CircuitBreaker.create(name, vertx, breakerOptions);
    return created
        .failurePolicy(result -> {
          boolean outage = result.failed() && isOutage(result.cause());
          if (outage) {
            lastOutage = result.cause().getMessage();
          }
          return outage;
        })
        // An operator's first question when a page degrades: which circuit, since when, and why.
        .openHandler(v -> LOG.warning("circuit to " + name + " open for " + resetSeconds + " s after "
            + breakerOptions.getMaxFailures() + " outages in a row (the last: " + lastOutage + ")"))
        .closeHandler(v -> LOG.info("circuit to " + name + " closed again"));
  }

  /**
   * A new instance of the service arrived: what opened the circuit was about the old one. Vert.x's breaker closes
   * only from half-open ({@code reset()} is ignored while open), so an open one is replaced by a fresh, closed one.
   */
  private void closeCircuit() {
    CircuitBreaker old = breaker;
    if (old.state() != CircuitBreakerState.CLOSED) {
      breaker = newBreaker();
      old.close();
      LOG.info("circuit to " + name + " closed: a new instance of " + service + " was published");
    }
  }

  /** True once this service was seen in discovery: it is part of the deployment, up or down now. */
  public boolean deployed() {
    return directory.everSeen(service);
  }

  public <Q, R> Future<R> call(Endpoint<Q, R> endpoint, Q request) {
    return call(endpoint, request, null);
  }

  /** The call on behalf of a verified {@code caller}, whom the service checks again for a privileged endpoint. */
  public <Q, R> Future<R> call(Endpoint<Q, R> endpoint, Q request, Caller caller) {
    if (!directory.isUp(service)) {
      return Future.failedFuture(CampusException.unavailable(service + " is unavailable", 1));
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return Future.failedFuture(CampusException.unavailable(service + " is busy: too many calls in flight", 1));
    }
    Supplier<Future<R>> send = endpoint.read() && hedgeMs > 0 && hedgeMs < timeoutMs
        ? () -> hedged(endpoint, request, caller)
        : () -> bus.request(endpoint, request, timeoutMs, caller);
    return breaker.execute(send)
        .recover(failure -> Future.failedFuture(translate(failure)))
        .onComplete(ar -> inFlight.decrementAndGet());
  }

  /**
   * The read, and a copy of it if no answer came within {@code hedgeMs}: the first success or the first answer that
   * is not an outage wins. The copy has what is left of the timeout, so both end by the same deadline; an outage
   * ends the call only when no other copy is still out (or none was sent).
   */
  private <Q, R> Future<R> hedged(Endpoint<Q, R> endpoint, Q request, Caller caller) {
    Promise<R> answer = Promise.promise();
    AtomicInteger out = new AtomicInteger(1);
    Handler<AsyncResult<R>> settle = ar -> {
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else if (!isOutage(ar.cause())) {
        answer.tryFail(ar.cause());
      } else if (out.decrementAndGet() == 0) {
        answer.tryFail(ar.cause());
      }
    };
    long timer = vertx.setTimer(hedgeMs, id -> {
      if (answer.future().isComplete()) {
        return;
      }
      if (inFlight.incrementAndGet() > maxInFlight) {
        inFlight.decrementAndGet();
        return;
      }
      out.incrementAndGet();
      hedges.incrementAndGet();
      bus.request(endpoint, request, timeoutMs - hedgeMs, caller)
          .onComplete(ar -> inFlight.decrementAndGet())
          .onComplete(settle);
    });
    bus.request(endpoint, request, timeoutMs, caller)
        .onComplete(settle)
        .onComplete(ar -> {
          if (answer.future().isComplete()) {
            vertx.cancelTimer(timer);
          }
        });
    return answer.future();
  }

  /** The circuit's state and the calls in flight, on the node's metrics, tagged with who calls ({@code caller}). */
  public Upstream measuredBy(MeterRegistry meters, String caller) {
    Gauge.builder("campus.upstream.circuit", this, u -> switch (u.state()) {
          case CLOSED -> 0;
          case HALF_OPEN -> 1;
          case OPEN -> 2;
        })
        .tag("service", name).tag("caller", caller)
        .description("0 closed, 1 half open, 2 open").register(meters);
    Gauge.builder("campus.upstream.in.flight", inFlight, AtomicInteger::get)
        .tag("service", name).tag("caller", caller)
        .description("calls waiting for an answer").register(meters);
    FunctionCounter.builder("campus.upstream.hedged", hedges, AtomicLong::get)
        .tag("service", name).tag("caller", caller)
        .description("reads sent a second time because the first had no answer within the hedge delay")
        .register(meters);
    return this;
  }

  /** Its name: the service's, or another for a second upstream of the same service. */
  public String name() {
    return name;
  }

  /** The calls (and copies of reads) waiting for an answer now. */
  int inFlightCount() {
    return inFlight.get();
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  private CampusException translate(Throwable failure) {
    if (failure instanceof CampusException campus) {
      // Every 503 and 504 tells its client when to come back: 1 s where the service did not say.
      if (campus.retryAfterSeconds() > 0) {
        return campus;
      }
      return switch (campus.code()) {
        case TIMEOUT -> CampusException.timeout(campus.detail(), 1);
        case UNAVAILABLE -> CampusException.unavailable(campus.detail(), 1);
        default -> campus;
      };
    }
    if (failure instanceof OpenCircuitException) {
      return CampusException.unavailable(service + " is unavailable (circuit open)", resetSeconds);
    }
    if (failure instanceof TimeoutException) {
      return CampusException.timeout(service + " did not answer within " + timeoutMs + " ms", 1);
    }
    return CampusException.internal(service + " call failed");
  }

  private static boolean isOutage(Throwable failure) {
    return !(failure instanceof CampusException campus)
        || OUTAGES.contains(campus.code()) && campus.retryAfterSeconds() == 0;
  }
}
