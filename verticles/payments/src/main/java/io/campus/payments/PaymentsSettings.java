package io.campus.payments;

import io.campus.payments.saga.StuckPurchases;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.events.ConsumerOptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What the payments service reads from its configuration, bound and checked once when it starts.
 *
 * @param processorUrl        the card processor configured ({@code payments.processor.url}), if any
 * @param sandboxPort         the payment sandbox's port on this machine, the processor when none is configured
 *                            ({@code sandbox.port})
 * @param processorTimeoutMs  one call to the processor's limit ({@code payments.processor.timeout.ms})
 * @param retryMaxSeconds     the longest wait between two tries of a charge ({@code payments.retry.max.seconds})
 * @param chargeGiveUpSeconds how long a charge is tried before the purchase fails
 *                            ({@code payments.charge.giveup.seconds})
 * @param stuck               when a purchase counts as stuck, and how often that is checked ({@code payments.stuck.*})
 * @param consumer            its event consumer ({@code consumer.*})
 */
public record PaymentsSettings(Optional<String> processorUrl, int sandboxPort, long processorTimeoutMs,
                               long retryMaxSeconds, long chargeGiveUpSeconds, StuckPurchases.Limits stuck,
                               ConsumerOptions consumer) {

  public static PaymentsSettings from(CampusConfig config) {
    Optional<String> processor = config.find("payments.processor.url");
    processor.ifPresent(url -> {
      if (!isHttpUrl(url)) {
        throw config.invalid("payments.processor.url", "an http or https URL such as https://processor.example:8443");
      }
    });
    return new PaymentsSettings(processor, config.getInt("sandbox.port", 8090, 1, 65_535),
        config.getInt("payments.processor.timeout.ms", 2_000, 1),
        config.getInt("payments.retry.max.seconds", 30, 1),
        config.getInt("payments.charge.giveup.seconds", 900, 1),
        new StuckPurchases.Limits(config.getInt("payments.stuck.pending.seconds", 300, 1),
            config.getInt("payments.stuck.paid.seconds", 60, 1), config.getInt("payments.stuck.check.ms", 10_000, 1)),
        ConsumerOptions.from(config));
  }

  /** As printed: the processor's URL may carry credentials. */
  @Override
  public String toString() {
    return "PaymentsSettings[processorUrl=" + processorUrl.map(url -> CampusConfig.mask("payments.processor.url", url))
        + ", sandboxPort=" + sandboxPort + ", processorTimeoutMs=" + processorTimeoutMs + ", retryMaxSeconds="
        + retryMaxSeconds + ", chargeGiveUpSeconds=" + chargeGiveUpSeconds + ", stuck=" + stuck + ", consumer="
        + consumer + "]";
  }

  /** The processor's base URL: the configured one, or the sandbox on this machine (as the all-in-one starts it). */
  public String effectiveProcessorUrl() {
    return processorUrl.orElse("http://127.0.0.1:" + sandboxPort);
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url.trim());
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
