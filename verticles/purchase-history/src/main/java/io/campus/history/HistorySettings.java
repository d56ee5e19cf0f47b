package io.campus.history;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.events.ConsumerOptions;

/**
 * What the purchase-history service reads from its configuration, bound and checked once when it starts.
 *
 * @param rebuild  rebuild the view from position 0 once this instance projects ({@code rebuild}, {@code --rebuild})
 * @param consumer its event consumer ({@code consumer.*})
 */
public record HistorySettings(boolean rebuild, ConsumerOptions consumer) {

  public static HistorySettings from(CampusConfig config) {
    return new HistorySettings(config.getBoolean("rebuild", false), ConsumerOptions.from(config));
  }
}
