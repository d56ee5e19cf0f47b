package io.campus.contracts;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;

/**
 * How contract records travel on the event bus. Within one JVM a record is handed over as it is (records are
 * immutable), so the all-in-one pays no serialisation; between JVMs it is its class name and its JSON. Only
 * classes of {@code io.campus.contracts} are ever instantiated from the wire.
 */
public final class RecordCodec implements MessageCodec<Object, Object> {

  /** Pass as {@code DeliveryOptions.setCodecName} when sending a record. */
  public static final String NAME = "campus-record";
  private static final String CONTRACTS = "io.campus.contracts.";

  /** Registers the codec on this Vert.x instance; once per instance, at start. */
  public static void register(Vertx vertx) {
    vertx.eventBus().registerCodec(new RecordCodec());
  }

  @Override
  public void encodeToWire(Buffer buffer, Object record) {
    byte[] type = record.getClass().getName().getBytes(StandardCharsets.UTF_8);
    byte[] json = Json.toBytes(record);
    buffer.appendInt(type.length).appendBytes(type).appendInt(json.length).appendBytes(json);
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int typeLength = buffer.getInt(pos);
    String type = buffer.getString(pos + 4, pos + 4 + typeLength, "UTF-8");
    int jsonStart = pos + 4 + typeLength;
    byte[] json = buffer.getBytes(jsonStart + 4, jsonStart + 4 + buffer.getInt(jsonStart));
    return Json.fromBytes(json, contractClass(type));
  }

  @Override
  public Object transform(Object record) {
    return record;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static Class<?> contractClass(String name) {
    if (!name.startsWith(CONTRACTS)) {
      throw new IllegalArgumentException("not a contract type: " + name);
    }
    try {
      Class<?> type = Class.forName(name, false, RecordCodec.class.getClassLoader());
      if (!type.isRecord()) {
        throw new IllegalArgumentException("not a contract record: " + name);
      }
      return type;
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown contract type: " + name);
    }
  }
}
