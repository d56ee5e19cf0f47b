package io.campus.platform.node;

import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The loop every warm-up shares (a service's before its record, a BFF's before ready): rounds of the same calls, all
 * of a round at once, until {@code rounds} have run or the deadline has passed. A failed call counts like an
 * answer: a warm-up only wants the code paths run. Never fails.
 */
public final class WarmupRounds {

  private WarmupRounds() {
  }

  /** Runs the rounds; completes with how many calls completed. */
  public static Future<Integer> run(List<Supplier<Future<?>>> round, int rounds, long deadlineNanos) {
    AtomicInteger completed = new AtomicInteger();
    return next(round, rounds, deadlineNanos, completed).map(v -> completed.get());
  }

  private static Future<Void> next(List<Supplier<Future<?>>> round, int left, long deadlineNanos,
                                   AtomicInteger completed) {
    if (left <= 0 || System.nanoTime() >= deadlineNanos) {
      return Future.succeededFuture();
    }
    return Future.all(round.stream().map(call -> call.get().onComplete(ar -> completed.incrementAndGet())
            .otherwiseEmpty()).toList())
        .compose(v -> next(round, left - 1, deadlineNanos, completed));
  }
}
