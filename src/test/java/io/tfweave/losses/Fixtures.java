package io.tfweave.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The Keras fixture (tools/make_loss_metric_fixtures.py) and helpers to compare against it; shared by the losses and metrics fixture tests. */
final class Fixtures {
  private Fixtures() {}

  private static JsonNode root;

  /** The parsed fixture. */
  static synchronized JsonNode keras() {
    if (root == null) {
      try (InputStream in =
          Fixtures.class.getResourceAsStream("/io/tfweave/losses/keras_losses_metrics.json")) {
        root = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** A 2-D JSON array as floats. */
  static float[][] matrix(JsonNode n) {
    float[][] m = new float[n.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = new float[n.get(i).size()];
      for (int j = 0; j < m[i].length; j++) m[i][j] = (float) n.get(i).get(j).asDouble();
    }
    return m;
  }

  /** A JSON number or (nested) array, flattened. */
  static double[] flat(JsonNode n) {
    List<Double> out = new ArrayList<>();
    flatten(n, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flatten(JsonNode n, List<Double> out) {
    if (n.isArray()) for (JsonNode c : n) flatten(c, out);
    else out.add(n.asDouble());
  }

  /** Builds {@code f} in a fresh graph and returns all entries of its value. */
  static float[] evalAll(Function<Ops, Operand<TFloat32>> f) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = f.apply(tf);
      try (var r = s.runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] v = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(v, false, false));
        return v;
      }
    }
  }

  /** Asserts {@code actual} equals Keras's {@code expected} entry by entry, within {@code tol} (relative above 1). */
  static void assertClose(String what, double[] expected, float[] actual, double tol) {
    assertEquals(expected.length, actual.length, what + ": number of values");
    for (int i = 0; i < expected.length; i++) {
      double t = tol * Math.max(1, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], t, what + "[" + i + "]");
    }
  }

  /**
   * Asserts a tfweave config equals Keras's get_config(): the same keys, numbers within 1e-6, a Keras name's unique
   * suffix ({@code auc_3}) ignored.
   */
  static void assertSameConfig(String what, JsonNode keras, Map<String, Object> config) {
    List<String> kerasKeys = new ArrayList<>();
    keras.fieldNames().forEachRemaining(kerasKeys::add);
    assertEquals(
        new java.util.TreeSet<>(kerasKeys),
        new java.util.TreeSet<>(config.keySet()),
        what + ": config keys");
    for (Iterator<Map.Entry<String, JsonNode>> it = keras.fields(); it.hasNext(); ) {
      var e = it.next();
      Object mine = config.get(e.getKey());
      JsonNode k = e.getValue();
      if (e.getKey().equals("name")) {
        assertEquals(k.asText().replaceAll("_\\d+$", ""), mine, what + ": name");
      } else {
        assertSameValue(what + "." + e.getKey(), k, mine);
      }
    }
  }

  private static void assertSameValue(String what, JsonNode k, Object mine) {
    if (k.isNull()) {
      assertEquals(null, mine, what);
    } else if (k.isNumber()) {
      assertTrue(mine instanceof Number, what + ": expected a number, got " + mine);
      assertEquals(k.asDouble(), ((Number) mine).doubleValue(), 1e-6, what);
    } else if (k.isBoolean() || k.isTextual()) {
      assertEquals(k.isBoolean() ? (Object) k.asBoolean() : k.asText(), mine, what);
    } else if (k.isArray()) {
      if (!(mine instanceof List<?> l)) {
        fail(what + ": expected a list, got " + mine);
        return;
      }
      assertEquals(k.size(), l.size(), what);
      for (int i = 0; i < l.size(); i++) assertSameValue(what + "[" + i + "]", k.get(i), l.get(i));
    } else {
      fail(what + ": unexpected " + k);
    }
  }
}
