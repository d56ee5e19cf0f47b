package io.campus.bff.common.discovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A caller's local view of which services have a live record, so that "is courses up?" costs a map lookup, not
 * a cluster-wide scan. Re-read when discovery announces a change (announcements carry no registration id, so they
 * can only say "something changed") and every few seconds in case an announcement was missed. A record that was not
 * there at the last read (a service started, restarted, or back from a pause) is told to whoever asked to hear of its
 * service's arrivals.
 */
public final class ServiceDirectory {

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final Map<String, Record> records = new ConcurrentHashMap<>();
  private final Map<String, List<Runnable>> arrivals = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private MessageConsumer<JsonObject> announcements;
  private long timer;
  // Both on the directory's context (announcements and the timer), so plain fields.
  private long resyncs;
  private long applied;

  public ServiceDirectory(Vertx vertx, ServiceDiscovery discovery) {
    this.vertx = vertx;
    this.discovery = discovery;
  }

  public Future<Void> start(long resyncMs) {
    announcements = vertx.eventBus().consumer(ServiceDiscoveryOptions.DEFAULT_ANNOUNCE_ADDRESS, m -> resync());
    timer = vertx.setPeriodic(resyncMs, id -> resync());
    return announcements.completion().compose(v -> resync());
  }

  public void stop() {
    vertx.cancelTimer(timer);
    if (announcements != null) {
      announcements.unregister();
    }
  }

  /** True when at least one instance of {@code service} has a live record. */
  public boolean isUp(String service) {
    return records.values().stream().anyMatch(r -> service.equals(r.getName()));
  }

  /**
   * True once a record of {@code service} was seen since this directory started: the service is part of this
   * deployment (an optional one, such as notifications, may not be), whether up now or not.
   */
  public boolean everSeen(String service) {
    return seen.contains(service);
  }

  /** Runs {@code action} whenever a live record of {@code service} appears that was not there before. */
  public void onArrival(String service, Runnable action) {
    arrivals.computeIfAbsent(service, s -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(action);
  }

  public List<Record> records() {
    return List.copyOf(records.values());
  }

  private Future<Void> resync() {
    long asked = ++resyncs; // announcements and the timer may overlap: apply only the newest answer
    return discovery.getRecords(r -> r.getStatus() == Status.UP).onSuccess(all -> {
      if (asked < applied) {
        return;
      }
      applied = asked;
      Map<String, Record> now = new HashMap<>();
      all.forEach(r -> now.put(r.getRegistration(), r));
      List<Record> arrived = now.values().stream().filter(r -> !records.containsKey(r.getRegistration())).toList();
      records.keySet().retainAll(now.keySet());
      records.putAll(now);
      now.values().forEach(r -> seen.add(r.getName()));
      arrived.forEach(r -> arrivals.getOrDefault(r.getName(), List.of()).forEach(Runnable::run));
    }).mapEmpty();
  }
}
