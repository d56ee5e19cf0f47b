package io.campus.bff.common.upstream;

import io.campus.bff.common.discovery.ServiceDirectory;
import io.campus.contracts.RecordCodec;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.bus.Ping;
import io.campus.platform.discovery.NodeIdentity;
import io.campus.platform.discovery.ServiceRegistration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.servicediscovery.ServiceDiscovery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class UpstreamTest {

  private static final NodeIdentity NODE = new NodeIdentity("node-1", "test", "dev");

  private Vertx vertx;
  private ServiceDiscovery discovery;
  private ServiceDirectory directory;
  private final AtomicInteger received = new AtomicInteger();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    RecordCodec.register(vertx);
    discovery = ServiceDiscovery.create(vertx);
    directory = new ServiceDirectory(vertx, discovery);
    // A resync far in the future: these tests see the announcements work on their own.
    join(directory.start(600_000));
  }

  @AfterEach
  void tearDown() {
    directory.stop();
    discovery.close();
  }

  @Test
  @DisplayName("without a live record the call fails UNAVAILABLE at once and never reaches the bus")
  void noRecord() {
    answer(ping -> Future.succeededFuture(new Ping.Pong(ping.text())));
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(500, 3, 60_000));

    CampusException e = assertInstanceOf(CampusException.class, failure(upstream.call(Ping.ECHO, new Ping("x", 1))));
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertEquals(0, received.get());
  }

  @Test
  @DisplayName("a published service is called; once its record is removed callers see it down")
  void followsDiscovery() {
    answer(ping -> Future.succeededFuture(new Ping.Pong(ping.text())));
    ServiceRegistration registration = publishEcho();
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(500, 3, 60_000));

    assertEquals("hi", join(upstream.call(Ping.ECHO, new Ping("hi", 1))).text());

    join(registration.unpublish());
    await().atMost(Duration.ofSeconds(5)).until(() -> !directory.isUp("echo"));
    assertEquals(ErrorCode.UNAVAILABLE,
        assertInstanceOf(CampusException.class, failure(upstream.call(Ping.ECHO, new Ping("hi", 1)))).code());
  }

  @Test
  @DisplayName("NOT_FOUND is an answer: it reaches the caller and never opens the circuit")
  void answersDoNotTrip() {
    answer(ping -> Future.failedFuture(CampusException.notFound("no " + ping.text())));
    publishEcho();
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(500, 2, 60_000));

    for (int i = 0; i < 5; i++) {
      assertEquals(ErrorCode.NOT_FOUND,
          assertInstanceOf(CampusException.class, failure(upstream.call(Ping.ECHO, new Ping("x", 1)))).code());
    }
    assertEquals(CircuitBreakerState.CLOSED, upstream.state());
    assertEquals(5, received.get());
  }

  @Test
  @DisplayName("a service that stops answering times out; after the threshold the circuit opens and fails fast")
  void opensOnTimeouts() {
    answer(ping -> Promise.<Ping.Pong>promise().future()); // never answers
    publishEcho();
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(200, 2, 60_000));

    for (int i = 0; i < 2; i++) {
      // The service answers "busy" before the caller's 200 ms are up (or the caller times out): an outage either way.
      ErrorCode code = assertInstanceOf(CampusException.class, failure(upstream.call(Ping.ECHO, new Ping("x", 1))))
          .code();
      assertTrue(code == ErrorCode.UNAVAILABLE || code == ErrorCode.TIMEOUT, code.name());
    }
    assertEquals(CircuitBreakerState.OPEN, upstream.state());

    CampusException open = assertInstanceOf(CampusException.class, failure(upstream.call(Ping.ECHO, new Ping("x", 1))));
    assertEquals(ErrorCode.UNAVAILABLE, open.code());
    assertTrue(open.detail().contains("circuit open"), open.detail());
    assertEquals(2, received.get(), "an open circuit does not send");
  }

  @Test
  @DisplayName("an open circuit closes as soon as the service is published again, not after the reset timeout")
  void closesOnNewRecord() {
    java.util.concurrent.atomic.AtomicBoolean healed = new java.util.concurrent.atomic.AtomicBoolean();
    answer(ping -> healed.get() ? Future.succeededFuture(new Ping.Pong(ping.text()))
        : Promise.<Ping.Pong>promise().future());
    ServiceRegistration first = publishEcho();
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(200, 2, 600_000));
    for (int i = 0; i < 2; i++) {
      failure(upstream.call(Ping.ECHO, new Ping("x", 1)));
    }
    assertEquals(CircuitBreakerState.OPEN, upstream.state());

    // The service restarts: its record goes, and a new one comes (the reset timeout is ten minutes away).
    join(first.unpublish());
    await().atMost(Duration.ofSeconds(5)).until(() -> !directory.isUp("echo"));
    healed.set(true);
    publishEcho();
    await().atMost(Duration.ofSeconds(2)).until(() -> upstream.state() == CircuitBreakerState.CLOSED);
    assertEquals("back", join(upstream.call(Ping.ECHO, new Ping("back", 1))).text());
  }

  @Test
  @DisplayName("past the cap of calls in flight, one more fails at once instead of queueing")
  void capsCallsInFlight() {
    answer(ping -> Promise.<Ping.Pong>promise().future()); // never answers
    publishEcho();
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(5_000, 100, 60_000, 2));
    upstream.call(Ping.ECHO, new Ping("a", 1));
    upstream.call(Ping.ECHO, new Ping("b", 1));
    await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 2);

    CampusException busy = assertInstanceOf(CampusException.class, failure(upstream.call(Ping.ECHO, new Ping("c", 1))));
    assertEquals(ErrorCode.UNAVAILABLE, busy.code());
    assertTrue(busy.detail().contains("too many calls in flight"), busy.detail());
    assertEquals(2, received.get());
  }

  @Test
  @DisplayName("a read sent to an instance that never answers (frozen, or killed a moment ago) is answered by the"
      + " other instance after the hedge delay, not after the timeout")
  void hedgesReads() {
    AtomicInteger frozen = new AtomicInteger();
    AtomicInteger live = new AtomicInteger();
    join(new EndpointRegistry(vertx).on(Ping.READ, ping -> {
      frozen.incrementAndGet();
      return Promise.<Ping.Pong>promise().future();
    }).ready());
    join(new EndpointRegistry(vertx).on(Ping.READ, ping -> {
      live.incrementAndGet();
      return Future.succeededFuture(new Ping.Pong(ping.text()));
    }).ready());
    publishEcho();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(3_000, 100, 60_000, 16, 100))
        .measuredBy(meters, "test");

    for (int i = 0; i < 6; i++) {
      // Without the copy, every other read would wait out the 3 s and fail TIMEOUT.
      assertEquals("r" + i, join(upstream.call(Ping.READ, new Ping("r" + i, 1))).text());
    }
    assertEquals(6, live.get(), "each read answered once by the live instance");
    assertTrue(frozen.get() >= 1, "the bus sent some reads to the frozen instance first");
    assertEquals(frozen.get(), (int) meters.get("campus.upstream.hedged").functionCounter().count(),
        "a copy for each read the frozen instance swallowed, none for the others");
    assertEquals(0, upstream.inFlightCount());
  }

  @Test
  @DisplayName("a call that is not a read is never sent twice, however long its answer takes")
  void neverHedgesWrites() {
    answer(ping -> Promise.<Ping.Pong>promise().future()); // never answers
    publishEcho();
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(400, 100, 60_000, 16, 50));

    // The service says "busy" at three quarters of the 400 ms, or the caller times out: an outage either way.
    ErrorCode code = assertInstanceOf(CampusException.class, failure(upstream.call(Ping.ECHO, new Ping("x", 1))))
        .code();
    assertTrue(code == ErrorCode.UNAVAILABLE || code == ErrorCode.TIMEOUT, code.name());
    assertEquals(1, received.get());
  }

  @Test
  @DisplayName("a read is not copied when the copy would pass the cap of calls in flight (overload: all is slow)")
  void noCopyPastTheCap() {
    AtomicInteger reads = new AtomicInteger();
    join(new EndpointRegistry(vertx).on(Ping.READ, ping -> {
      reads.incrementAndGet();
      return Promise.<Ping.Pong>promise().future();
    }).ready());
    publishEcho();
    Upstream upstream = new Upstream(vertx, "echo", directory, new UpstreamOptions(400, 100, 60_000, 1, 50));

    ErrorCode code = assertInstanceOf(CampusException.class, failure(upstream.call(Ping.READ, new Ping("x", 1))))
        .code();
    assertTrue(code == ErrorCode.UNAVAILABLE || code == ErrorCode.TIMEOUT, code.name());
    assertEquals(1, reads.get());
  }

  private ServiceRegistration publishEcho() {
    ServiceRegistration registration = join(ServiceRegistration.publish(vertx, discovery, NODE, "echo", "test",
        Ping.class));
    await().atMost(Duration.ofSeconds(5)).until(() -> directory.isUp("echo"));
    return registration;
  }

  private void answer(java.util.function.Function<Ping, Future<Ping.Pong>> handler) {
    join(new EndpointRegistry(vertx).on(Ping.ECHO, ping -> {
      received.incrementAndGet();
      return handler.apply(ping);
    }).ready());
  }
}
