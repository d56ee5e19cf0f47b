package io.campus.bench.system;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The ceiling: the fastest answer Vert.x gives on this machine, a fixed JSON body of about 1 KB on every request.
 * Campus's figures are read against it, measured in the same run under the same load.
 */
public final class CeilingServer {

  private CeilingServer() {
  }

  /** The ceiling's JVM and its address. */
  public record Ceiling(Jvm jvm, String url) {
  }

  /** Starts the ceiling in a JVM of its own, on a free loopback port. */
  public static Ceiling start(Path benchJar, Path log) {
    int port = Campus.freePort();
    Jvm jvm = Jvm.start("ceiling", benchJar, CeilingServer.class.getName(), List.of(), List.of(String.valueOf(port)),
        Map.of(), log);
    jvm.awaitOk(Campus.url(port) + "/", Duration.ofSeconds(30));
    return new Ceiling(jvm, Campus.url(port));
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer(body().encode());
    Vertx vertx = Vertx.vertx();
    // One server per core, as Campus runs one HTTP verticle instance per event loop it is given.
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      vertx.createHttpServer()
          .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(body))
          .listen(port, "127.0.0.1").await();
    }
    System.out.println("ceiling on " + Campus.url(port) + " answering " + body.length() + " bytes");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }

  /** Eight catalog-like entries: about the size of one page of Campus's answers. */
  static JsonObject body() {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 8; i++) {
      items.add(new JsonObject().put("id", "00000000-0000-4000-8000-00000000000" + i).put("slug", "course-" + i)
          .put("title", "A course title " + i).put("price", new JsonObject().put("amount", 2900).put("currency", "EUR")));
    }
    return new JsonObject().put("items", items).put("total", 8);
  }
}
