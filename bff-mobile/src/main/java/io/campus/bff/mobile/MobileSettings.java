package io.campus.bff.mobile;

import io.campus.bff.common.BffSettings;
import io.campus.platform.config.CampusConfig;

/**
 * What the mobile BFF reads from its configuration, bound and checked once when it starts.
 *
 * @param bff       what every BFF reads
 * @param port      its HTTP port ({@code mobile.http.port})
 * @param instances HTTP server verticles sharing that port ({@code mobile.http.instances})
 */
public record MobileSettings(BffSettings bff, int port, int instances) {

  public static MobileSettings from(CampusConfig config) {
    return new MobileSettings(BffSettings.from(config), config.port("mobile.http.port", 8081),
        config.getInt("mobile.http.instances", 1, 1));
  }
}
