package io.campus.bff.common;

import io.campus.platform.node.WarmupRounds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A BFF's first answers are slow: classes load, code runs interpreted, connections to each service open and the
 * catalog is fetched. Before the BFF reports ready (its start completes after this), it sends itself a few rounds
 * of its own public routes, so that the first users after a start or a restart do not pay for it. Bounded in time:
 * a service that is down makes the warm-up answer faster, never the start hang.
 */
public final class Warmup {

  private static final Logger LOG = Logger.getLogger(Warmup.class.getName());

  private Warmup() {
  }

  /** Rounds of calls ({@code bff.warmup.rounds}, 10; 0 turns it off) within {@code ms} ({@code bff.warmup.ms}). */
  public record Budget(int rounds, long ms) {
  }

  /**
   * Sends {@code paths} (GET, no token) to the BFF's own {@code host} and {@code port}, the budget's rounds of them
   * in parallel. Never fails; skipped on port 0 (a port picked at random, as in tests).
   */
  public static Future<Void> run(Vertx vertx, String name, String host, int port, Budget budget, List<String> paths) {
    int rounds = budget.rounds();
    long budgetMs = budget.ms();
    if (rounds <= 0 || budgetMs <= 0 || port <= 0) {
      return Future.succeededFuture();
    }
    host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(paths.size()));
    long started = System.nanoTime();
    long deadline = started + budgetMs * 1_000_000;
    List<Supplier<Future<?>>> round = paths.stream().<Supplier<Future<?>>>map(path -> () -> client.request(
            new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
                .setTimeout(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)))
        .compose(request -> request.send())
        .compose(response -> response.body())).toList();
    return WarmupRounds.run(round, rounds, deadline)
        .eventually(() -> client.close())
        .onComplete(ar -> LOG.info(name + " warmed up: " + ar.result() + " calls to its own routes in "
            + (System.nanoTime() - started) / 1_000_000 + " ms"))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
