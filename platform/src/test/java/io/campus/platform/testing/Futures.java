package io.campus.platform.testing;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Vert.x future from a test thread, bounded. */
public final class Futures {

  private Futures() {
  }

  public static <T> T join(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no result within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The failure a future ends with; fails the test if it succeeds. */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = join(future);
      throw new AssertionError("expected a failure, got " + value);
    } catch (RuntimeException e) {
      return e;
    }
  }
}
