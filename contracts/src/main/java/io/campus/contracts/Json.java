package io.campus.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.campus.contracts.error.CampusException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Explicit mapping between message records and the JSON that travels on the bus. Requests are read strictly (an
 * unknown field, a wrong type or a missing primitive is a {@code VALIDATION} error naming the field); replies and
 * events are read tolerantly, so a producer may add fields without breaking older consumers.
 */
public final class Json {

  // Vert.x's own JsonObject deserializer needs the parser's codec, which convertValue's token buffer lacks.
  @SuppressWarnings("unchecked")
  private static final SimpleModule JSON_TREES = new SimpleModule("campus-json-trees")
      .addDeserializer(JsonObject.class, new StdDeserializer<>(JsonObject.class) {
        @Override
        public JsonObject deserialize(JsonParser parser, DeserializationContext ctxt) throws java.io.IOException {
          return new JsonObject((Map<String, Object>) ctxt.readValue(parser, Map.class));
        }
      });
  private static final ObjectMapper STRICT = base()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final ObjectMapper TOLERANT = base()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {
  }

  private static JsonMapper.Builder base() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new VertxModule())
        .addModule(JSON_TREES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS) // queries without parameters are empty records
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // A number or a boolean where text is expected is the sender's mistake, not a string to make up.
        .withCoercionConfig(LogicalType.Textual, text -> text
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  @SuppressWarnings("unchecked")
  public static JsonObject encode(Object value) {
    return new JsonObject(TOLERANT.convertValue(value, Map.class));
  }

  /** The JSON bytes of a value: for HTTP bodies and the cluster wire, without an intermediate tree. */
  public static byte[] toBytes(Object value) {
    try {
      return TOLERANT.writeValueAsBytes(value);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads JSON bytes tolerantly (replies and events from another JVM). */
  public static <T> T fromBytes(byte[] json, Class<T> type) {
    try {
      return TOLERANT.readValue(json, type);
    } catch (JsonMappingException e) {
      throw toValidation(e, e);
    } catch (java.io.IOException e) {
      throw CampusException.invalid("body", "is not valid JSON");
    }
  }

  /** Reads a request: anything that does not fit the record is the sender's mistake. */
  public static <T> T decodeRequest(JsonObject json, Class<T> type) {
    return decode(STRICT, json, type);
  }

  /** Reads a reply or an event: fields this reader does not know are ignored. */
  public static <T> T decode(JsonObject json, Class<T> type) {
    return decode(TOLERANT, json, type);
  }

  private static <T> T decode(ObjectMapper mapper, JsonObject json, Class<T> type) {
    if (json == null) {
      throw CampusException.invalid("body", "a JSON object is required");
    }
    try {
      return mapper.convertValue(json.getMap(), type);
    } catch (IllegalArgumentException e) {
      throw toValidation(e.getCause() instanceof JsonMappingException m ? m : null, e);
    }
  }

  private static CampusException toValidation(JsonMappingException mapping, Exception original) {
    if (mapping == null) {
      return CampusException.invalid("body", "does not match the expected shape");
    }
    String field = mapping.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    if (field.isEmpty()) {
      field = "body";
    }
    String reason;
    if (mapping instanceof UnrecognizedPropertyException) {
      reason = "is not a known field";
    } else if (mapping instanceof InvalidFormatException invalid) {
      reason = "expected " + describe(invalid.getTargetType());
    } else if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      reason = "expected " + describe(mismatch.getTargetType());
    } else if (mapping.getCause() instanceof CampusException campus) {
      return campus;
    } else if (mapping.getCause() instanceof IllegalArgumentException bad && bad.getMessage() != null) {
      reason = bad.getMessage();
    } else {
      reason = "is malformed";
    }
    return CampusException.invalid(field, reason);
  }

  private static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }
}
