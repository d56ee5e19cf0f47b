package io.campus.launcher;

import io.campus.bff.mobile.MobileBffVerticle;
import io.campus.bridge.BridgeSettings;
import io.campus.bridge.BusBridgeVerticle;
import io.campus.bff.mobile.MobileSettings;
import io.campus.bff.web.WebBffVerticle;
import io.campus.bff.web.WebSettings;
import io.campus.courses.CoursesVerticle;
import io.campus.history.HistorySettings;
import io.campus.history.HistoryVerticle;
import io.campus.launcher.notifications.NotificationsProcess;
import io.campus.payments.PaymentsSettings;
import io.campus.payments.PaymentsVerticle;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.CampusLauncher;
import io.campus.platform.node.CampusNode;
import io.campus.platform.node.LoopbackPorts;
import io.campus.sandbox.SandboxVerticle;
import io.campus.users.UsersSettings;
import io.campus.users.UsersVerticle;
import io.vertx.core.Future;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * {@code java -jar campus.jar}: every service and BFF in one JVM, talking over the local event bus, with one
 * embedded PostgreSQL holding a database per service. The same verticles run unchanged in the cluster form.
 * Without a configured card processor ({@code CAMPUS_PAYMENTS_PROCESSOR_URL}) it starts the payment sandbox too,
 * so a purchase works right away. The bus bridge runs here too, on loopback, and the Node.js notifications service
 * as a child process where Node.js is installed.
 */
public final class CampusMain {

  /** The settings of everything this process runs, bound and checked before anything starts. */
  private record Settings(UsersSettings users, PaymentsSettings payments, HistorySettings history, WebSettings web,
                          MobileSettings mobile, BridgeSettings bridge, NotificationsProcess.Settings notifications) {

    static Settings from(CampusConfig config) {
      return new Settings(UsersSettings.from(config), PaymentsSettings.from(config), HistorySettings.from(config),
          WebSettings.from(config), MobileSettings.from(config), BridgeSettings.from(internalBridge(config)),
          NotificationsProcess.Settings.from(config));
    }
  }

  /**
   * The bridge of the all-in-one serves its own child: unless configured, a secret made for this run and a free
   * loopback port, so a first run needs no setting and never collides with a bridge already on 7000.
   */
  static CampusConfig internalBridge(CampusConfig config) {
    CampusConfig bridged = config;
    if (config.find("bridge.secret").isEmpty()) {
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      bridged = bridged.with("bridge.secret", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }
    if (config.find("bridge.port").isEmpty()) {
      bridged = bridged.with("bridge.port", String.valueOf(LoopbackPorts.free()));
    }
    return bridged;
  }

  private CampusMain() {
  }

  public static void main(String[] args) {
    CampusLauncher.run(args, "campus", Map.of("http.port", "8080", "management.port", "9000"), Settings::from,
        (node, settings) -> sandbox(node, settings.payments())
            .compose(v -> Future.all(
                node.deploy(() -> new CoursesVerticle(node), 1),
                node.deploy(() -> new UsersVerticle(node, settings.users()), 1),
                node.deploy(() -> new PaymentsVerticle(node, settings.payments()), 1),
                node.deploy(() -> new HistoryVerticle(node, settings.history()), 1)))
            .compose(services -> node.deploy(() -> new BusBridgeVerticle(node, settings.bridge()), 1))
            .compose(bridge -> Future.all(
                node.deploy(() -> new WebBffVerticle(node, settings.web()), 1),
                node.deploy(() -> new MobileBffVerticle(node, settings.mobile()), 1)))
            .compose(bffs -> node.deploy(() -> notifications(node, settings), 1)));
  }

  /** The Node.js service, on this process's bridge, printing to this console. */
  static NotificationsProcess notifications(CampusNode node, Settings settings) {
    BridgeSettings bridge = settings.bridge();
    return new NotificationsProcess(node, settings.notifications(), new NotificationsProcess.Bridge(
        "0.0.0.0".equals(bridge.host()) ? "127.0.0.1" : bridge.host(), bridge.port(), bridge.secret().orElseThrow()),
        ProcessBuilder.Redirect.INHERIT);
  }

  /** Without a configured card processor, the payment sandbox stands in for it on this machine. */
  private static Future<?> sandbox(CampusNode node, PaymentsSettings payments) {
    if (payments.processorUrl().isPresent()) {
      return Future.succeededFuture();
    }
    return node.deploy(() -> new SandboxVerticle("127.0.0.1", payments.sandboxPort()), 1);
  }
}
