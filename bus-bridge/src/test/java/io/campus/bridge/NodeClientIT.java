package io.campus.bridge;

import io.campus.platform.node.CampusNode;
import io.campus.platform.testing.TestNodes;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The project's Node.js bus client in a real {@code node} process against the real bridge: it answers a request from
 * a Java member, calls a Java endpoint on the way, and its discovery record goes the moment it is killed (kill -9).
 */
class NodeClientIT {

  private static final String SECRET = "the node client's bridge secret";

  @TempDir
  Path data;
  private CampusNode node;
  private Process service;

  @AfterEach
  void stop() throws InterruptedException {
    if (service != null) {
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    TestNodes.close(node);
  }

  @Test
  @DisplayName("a Node.js service answers the bus through the bridge, and kill -9 takes its record away at once")
  void nodeServiceOnTheBus() throws IOException {
    int port = TestNodes.freePort();
    node = TestNodes.start(TestNodes.config(data, Map.of("bridge.secret", SECRET, "bridge.port",
        String.valueOf(port))));
    join(node.deploy(() -> new BusBridgeVerticle(node, BridgeSettings.from(node.config())), 1));
    join(node.vertx().eventBus().consumer("events.courses.replay", (Message<JsonObject> m) ->
        m.reply(new JsonObject().put("events", m.body().getInteger("after") + 1))).completion());

    Path client = Path.of("..", "polyglot", "notifications-node", "src", "bus", "client.js").toAbsolutePath()
        .normalize();
    Path script = Path.of("src", "test", "resources", "node", "echo-service.mjs").toAbsolutePath();
    Path log = data.resolve("node.log");
    ProcessBuilder builder = new ProcessBuilder("node", script.toString(), client.toUri().toString(),
        String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("CAMPUS_BRIDGE_SECRET", SECRET);
    service = builder.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("ready")
        || !service.isAlive());
    assertEquals(true, service.isAlive(), Files.readString(log));

    Record record = join(node.discovery().getRecord(r -> "notifications".equals(r.getName())));
    assertNotNull(record, "the Node service announced itself");
    JsonObject answer = join(node.vertx().eventBus().<JsonObject>request("notifications.echo",
        new JsonObject().put("after", 41))).body();
    assertEquals(41, answer.getJsonObject("echo").getInteger("after"));
    assertEquals(42, answer.getJsonObject("replay").getInteger("events"), "it called a Java endpoint on the way");

    service.destroyForcibly();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> join(node.discovery().getRecord(r -> "notifications".equals(r.getName()))) == null);
  }
}
