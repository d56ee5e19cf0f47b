package io.campus.platform.events;

import io.campus.platform.config.CampusConfig;

/**
 * How an {@link EventConsumer} treats failures and lag.
 *
 * @param attempts       tries of one event before it is dead-lettered
 * @param firstBackoffMs wait before the second try, doubled for each further try
 * @param catchUpMs      how often an idle consumer asks the producers for events it may have missed
 * @param maxLag         events behind a stream's head past which the consumer reports itself not ready
 */
public record ConsumerOptions(int attempts, long firstBackoffMs, long catchUpMs, long maxLag) {

  public static ConsumerOptions defaults() {
    return new ConsumerOptions(3, 100, 2_000, 10_000);
  }

  /** The settings every service's consumers share: {@code consumer.attempts, .catch.up.ms, .max.lag}. */
  public static ConsumerOptions from(CampusConfig config) {
    ConsumerOptions defaults = defaults();
    return new ConsumerOptions(config.getInt("consumer.attempts", defaults.attempts(), 1), defaults.firstBackoffMs(),
        config.getInt("consumer.catch.up.ms", (int) defaults.catchUpMs(), 1),
        config.getInt("consumer.max.lag", (int) defaults.maxLag(), 0)); // 0: ready only when caught up
  }
}
