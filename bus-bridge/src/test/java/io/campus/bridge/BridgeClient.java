package io.campus.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static io.campus.platform.testing.Futures.join;
import static org.awaitility.Awaitility.await;

/** A raw client of the bridge's protocol (4-byte length, then JSON), as a stranger or a Node service would speak it. */
final class BridgeClient implements AutoCloseable {

  private final NetSocket socket;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private BridgeClient(NetSocket socket) {
    this.socket = socket;
    RecordParser frames = RecordParser.newFixed(4);
    frames.handler(new io.vertx.core.Handler<>() {
      private boolean header = true;

      @Override
      public void handle(Buffer chunk) {
        if (header) {
          frames.fixedSizeMode(chunk.getInt(0));
        } else {
          received.add(new JsonObject(chunk));
          frames.fixedSizeMode(4);
        }
        header = !header;
      }
    });
    socket.handler(frames);
    socket.closeHandler(v -> closed.set(true));
  }

  static BridgeClient connect(Vertx vertx, int port) {
    return new BridgeClient(join(vertx.createNetClient(new NetClientOptions()).connect(port, "127.0.0.1")));
  }

  /** Writes one frame. */
  BridgeClient send(JsonObject frame) {
    Buffer json = frame.toBuffer();
    join(socket.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json)));
    return this;
  }

  /** The first frame received that matches, waiting for it up to 10 s. */
  JsonObject awaitFrame(Predicate<JsonObject> match) {
    await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(match));
    return received.stream().filter(match).findFirst().orElseThrow();
  }

  List<JsonObject> received() {
    return received;
  }

  boolean closed() {
    return closed.get();
  }

  @Override
  public void close() {
    socket.close();
  }
}
