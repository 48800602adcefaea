package io.tfweave.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between JSON values (numbers, booleans, strings, nested lists) and {@link NumericArray}s; a list whose first
 * leaf is a string is read as texts, for a signature's DT_STRING input (TF Serving's raw text instances).
 */
final class JsonArrays {
  private JsonArrays() {}

  /** Reads a number, boolean or rectangular nested list; {@code what} names the value in errors. */
  static NumericArray parse(JsonNode node, String what) {
    return parse(node, what, null);
  }

  /**
   * As {@link #parse(JsonNode, String)}, with TF Serving's JSON type checks for an input of {@code dtype} (null: none):
   * numbers (and NaN, Infinity) for floats, integers written without a fraction for integer types, {@code true}/{@code
   * false} for bool; anything else fails with TF Serving's message {@code JSON Value: 3.0 Type: Number is not of expected
   * type: int32}.
   */
  static NumericArray parse(JsonNode node, String what, org.tensorflow.proto.DataType dtype) {
    if (dtype != null) checkTypes(node, dtype);
    List<Long> dims = new ArrayList<>();
    JsonNode n = node;
    while (n.isArray()) {
      dims.add((long) n.size());
      if (n.size() == 0) break;
      n = n.get(0);
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long size = 1;
    for (long d : shape) size *= d;
    int[] pos = {0};
    if (n.isTextual()) {
      String[] texts = new String[Math.toIntExact(size)];
      flatten(node, shape, 0, texts, pos, what, new StringBuilder());
      return new NumericArray(shape, null, texts);
    }
    double[] values = new double[Math.toIntExact(size)];
    flatten(node, shape, 0, values, pos, what, new StringBuilder());
    return new NumericArray(shape, values);
  }

  /** Fills {@code out} (a double[] or String[]) with the leaves in row-major order. */
  private static void flatten(
      JsonNode n, long[] shape, int depth, Object out, int[] pos, String what, StringBuilder path) {
    if (depth == shape.length) {
      if (out instanceof String[] texts) texts[pos[0]++] = text(n, what, path);
      else ((double[]) out)[pos[0]++] = scalar(n, what, path);
      return;
    }
    if (!n.isArray() || n.size() != shape[depth]) {
      throw new CliException(what + ": expected a rectangular nested list, but the element at "
          + (path.length() == 0 ? "the top" : path) + " is " + describe(n) + " where a list of "
          + shape[depth] + " was expected (like its first sibling)");
    }
    for (int i = 0; i < n.size(); i++) {
      int len = path.length();
      path.append('[').append(i).append(']');
      flatten(n.get(i), shape, depth + 1, out, pos, what, path);
      path.setLength(len);
    }
  }

  private static void checkTypes(JsonNode n, org.tensorflow.proto.DataType dtype) {
    if (n.isArray()) {
      for (JsonNode c : n) checkTypes(c, dtype);
      return;
    }
    boolean ok =
        switch (dtype) {
          case DT_FLOAT, DT_DOUBLE, DT_HALF, DT_BFLOAT16 -> n.isNumber();
          case DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_UINT32, DT_UINT64 -> n
              .isIntegralNumber();
          case DT_BOOL -> n.isBoolean();
          case DT_STRING -> n.isTextual();
          default -> true;
        };
    if (!ok) {
      throw new CliException("JSON Value: " + n + " Type: " + jsonType(n)
          + " is not of expected type: " + dtypeName(dtype));
    }
  }

  /** rapidjson's type names, which TF Serving's messages use. */
  private static String jsonType(JsonNode n) {
    if (n.isNull()) return "Null";
    if (n.isBoolean()) return n.asBoolean() ? "True" : "False";
    if (n.isObject()) return "Object";
    if (n.isArray()) return "Array";
    if (n.isTextual()) return "String";
    return "Number";
  }

  /** TensorFlow's {@code DataTypeString}: {@code DT_FLOAT} is {@code float}. */
  static String dtypeName(org.tensorflow.proto.DataType dtype) {
    return dtype.name().substring(3).toLowerCase(java.util.Locale.ROOT);
  }

  private static double scalar(JsonNode n, String what, CharSequence path) {
    if (n.isNumber()) return n.asDouble();
    if (n.isBoolean()) return n.asBoolean() ? 1 : 0;
    throw new CliException(what + ": expected a number at "
        + (path.length() == 0 ? "the top" : path) + ", but found " + describe(n)
        + (n.isTextual() || n.isObject()
            ? " (strings are read only when the first element is one; {\"b64\": ...} is not"
                + " supported)"
            : ""));
  }

  private static String text(JsonNode n, String what, CharSequence path) {
    if (n.isTextual()) return n.asText();
    throw new CliException(what + ": expected a string at "
        + (path.length() == 0 ? "the top" : path) + " (like the first element), but found "
        + describe(n));
  }

  private static String describe(JsonNode n) {
    if (n.isArray()) return "a list of " + n.size();
    if (n.isObject()) return "an object";
    if (n.isTextual()) return "the string \"" + n.asText() + "\"";
    if (n.isNull()) return "null";
    return n.toString();
  }

  /** How output values are written: float32 as the shortest float text, float64, integers, booleans. */
  enum Kind {
    FLOAT32,
    FLOAT64,
    INTEGER,
    BOOL
  }

  /** Builds a nested JSON list (or a scalar for an empty shape) from row-major {@code values}. */
  static JsonNode toJson(long[] shape, double[] values, Kind kind) {
    return build(shape, 0, values, new int[] {0}, kind);
  }

  private static JsonNode build(long[] shape, int depth, double[] v, int[] pos, Kind kind) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (depth == shape.length) {
      double x = v[pos[0]++];
      return switch (kind) {
        case FLOAT32 -> f.numberNode((float) x);
        case FLOAT64 -> f.numberNode(x);
        case INTEGER -> f.numberNode((long) x);
        case BOOL -> f.booleanNode(x != 0);
      };
    }
    ArrayNode a = f.arrayNode();
    for (long i = 0; i < shape[depth]; i++) a.add(build(shape, depth + 1, v, pos, kind));
    return a;
  }
}
