package io.campus.bff.web;

import io.campus.bff.common.BffSettings;
import io.campus.bff.web.live.LiveUpdates;
import io.campus.platform.config.CampusConfig;

import java.util.Optional;

/**
 * What the web BFF reads from its configuration, bound and checked once when it starts.
 *
 * @param bff        what every BFF reads
 * @param port       its HTTP port ({@code http.port})
 * @param instances  HTTP server verticles sharing that port ({@code http.instances})
 * @param corsOrigin the one other origin whose pages may call the API ({@code http.cors.origin}), if any
 * @param live       the live-update bridge's limits ({@code live.max.*})
 */
public record WebSettings(BffSettings bff, int port, int instances, Optional<String> corsOrigin,
                          LiveUpdates.Limits live) {

  public static WebSettings from(CampusConfig config) {
    return new WebSettings(BffSettings.from(config), config.port("http.port", 8080),
        config.getInt("http.instances", 1, 1), config.find("http.cors.origin"), LiveUpdates.Limits.from(config));
  }
}
