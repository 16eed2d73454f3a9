package dev.deepfm.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON in and out of the API: one shared mapper, responses streamed into byte arrays. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  /** Writes one JSON value. */
  @FunctionalInterface
  interface Body {
    /** Writes the value with {@code g}. */
    void write(JsonGenerator g) throws IOException;
  }

  private Json() {}

  /** The bytes written by {@code body}. */
  static byte[] bytes(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Any value (maps, lists, numbers...) as JSON bytes, through the mapper. */
  static byte[] value(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code {"error": message}}. */
  static byte[] error(String message) {
    return bytes(g -> {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    });
  }

  /** Parses a request body that must be a JSON object; every problem is a 400. */
  static JsonNode parseObject(byte[] body) {
    if (body.length == 0) {
      throw ApiError.badRequest("request body is empty (expected a JSON object)");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      String what = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().split("\n", 2)[0];
      throw ApiError.badRequest("request body is not valid JSON" + where + ": " + what);
    } catch (IOException e) {
      throw ApiError.badRequest("request body is not valid JSON");
    }
    if (root == null || root.isMissingNode()) {
      throw ApiError.badRequest("request body is empty (expected a JSON object)");
    }
    if (!root.isObject()) {
      throw ApiError.badRequest("request body must be a JSON object, not " + kind(root));
    }
    return root;
  }

  /** "a string", "an array"...: for messages. */
  static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "nothing";
    };
  }

  /** The text of a field that must be a string or an integer (ids); 400 otherwise. */
  static String idText(JsonNode n, String what) {
    if (n == null || n.isMissingNode()) {
      throw ApiError.badRequest("missing " + what);
    }
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue().toString();
    }
    throw ApiError.badRequest(what + " must be a string or an integer, not " + kind(n));
  }

  /** An optional integer field; 400 if present and not an integer. */
  static int optionalInt(JsonNode parent, String field, int fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw ApiError.badRequest(field + " must be an integer, not " + (n.isNumber() ? n.asText() : kind(n)));
    }
    return n.intValue();
  }

  /** Refuses fields other than {@code allowed}. */
  static void onlyFields(JsonNode object, String where, String... allowed) {
    var names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!java.util.Arrays.asList(allowed).contains(name)) {
        throw ApiError.badRequest("unknown field '" + name + "'" + where + " (expected " + String.join(", ", allowed) + ")");
      }
    }
  }
}
