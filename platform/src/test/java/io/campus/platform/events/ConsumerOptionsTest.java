package io.campus.platform.events;

import io.campus.platform.config.CampusConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumerOptionsTest {

  @Test
  @DisplayName("consumer.* (CAMPUS_CONSUMER_*) set a consumer's options; unset, the defaults")
  void fromConfig() {
    CampusConfig config = CampusConfig.of(Map.of("consumer.attempts", "5", "consumer.catch.up.ms", "300",
        "consumer.max.lag", "50"));
    assertEquals(new ConsumerOptions(5, 100, 300, 50), ConsumerOptions.from(config));
    assertEquals(ConsumerOptions.defaults(), ConsumerOptions.from(CampusConfig.of(Map.of())));
  }

  @Test
  @DisplayName("a consumer that would never try, or never catch up, is refused at start with the key named")
  void refused() {
    CampusConfig config = CampusConfig.of(Map.of("consumer.attempts", "0"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsumerOptions.from(config));
    assertTrue(e.getMessage().contains("consumer.attempts") && e.getMessage().contains("at least 1"), e.getMessage());
    assertEquals(0, ConsumerOptions.from(CampusConfig.of(Map.of("consumer.max.lag", "0"))).maxLag(),
        "a lag of 0 is allowed: ready only when caught up");
  }
}
