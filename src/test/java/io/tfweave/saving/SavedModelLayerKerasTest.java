package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.graph.DType;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.models.Model;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * {@link SavedModelLayer} over Keras exports made by tools/make_savedmodel_layer_fixtures.py: int32 and int64 token
 * inputs (Keras 3 Embedding), {@code ResourceGather} (tf_keras Embedding) and {@code While} (Keras 3 LSTM). Predictions
 * are compared with the Keras outputs the script stored.
 */
class SavedModelLayerKerasTest {
  /** The exports tools/make_savedmodel_layer_fixtures.py writes. */
  static final String[] CASES = {"text_int32", "text_int64", "text_tf_keras", "lstm"};

  @TempDir
  Path dir;

  static Path fixture(String name) {
    if (name.equals("cnn")) return KerasWeightMapTest.resource("keras3_export");
    try {
      return Path.of(
          SavedModelLayerKerasTest.class.getResource("keras_sml/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode probe(String name) throws IOException {
    if (name.equals("cnn")) {
      // the MobileNetV2-like CNN of tools/make_keras_savedmodel.py
      var p = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper()
          .readTree(fixture("cnn").resolveSibling("weights.json").toFile())
          .path("probe");
      return p.put("input_dtype", "float32");
    }
    return probe(Path.of(fixture("text_int32").getParent().toString()), name);
  }

  static JsonNode probe(Path fixtures, String name) throws IOException {
    return new ObjectMapper().readTree(fixtures.resolve("probe.json").toFile()).path(name);
  }

  static long[] inputShape(JsonNode p) {
    long[] shape = new long[p.path("input_shape").size()];
    for (int i = 0; i < shape.length; i++)
      shape[i] = p.path("input_shape").get(i).asLong();
    return shape;
  }

  static DType inputType(JsonNode p) {
    return DType.ofKerasName(p.path("input_dtype").asText());
  }

  static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
    return f;
  }

  /** The probe input as tfweave feeds it (integer ids as int32). */
  static NdArray<?> input(JsonNode p) {
    Shape shape = Shape.of(inputShape(p));
    float[] v = floats(p.path("input"));
    if (!inputType(p).isInteger()) return NdArrays.wrap(shape, DataBuffers.of(v, true, false));
    int[] ids = new int[v.length];
    for (int i = 0; i < ids.length; i++) ids[i] = (int) v[i];
    return NdArrays.wrap(shape, DataBuffers.of(ids, true, false));
  }

  /** {@code Input -> SavedModelLayer 'base' -> Dense(2) 'head'}, with both 'base' and 'head' as outputs. */
  static Model wrapping(String name, JsonNode p) {
    return wrapping(fixture(name), name, p);
  }

  /** As {@link #wrapping(String, JsonNode)}, for the Keras export at {@code export}. */
  static Model wrapping(Path export, String name, JsonNode p) {
    long[] shape = inputShape(p);
    Input input = new Input(Arrays.copyOfRange(shape, 1, shape.length)).dtype(inputType(p));
    input.named("features");
    SymbolicTensor in = input.tensor();
    SymbolicTensor base = new SavedModelLayer(export).named("base").apply(in);
    SymbolicTensor head = new Dense(2).named("head").apply(base);
    return Model.of(List.of(in), List.of(base, head)).named("wrap_" + name).seed(5);
  }

  static double maxDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length, "lengths");
    double worst = 0;
    for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    return worst;
  }

  @ParameterizedTest
  @ValueSource(strings = {"text_int32", "text_int64", "text_tf_keras", "lstm", "cnn"})
  void predictsLikeKeras(String name) throws IOException {
    JsonNode p = probe(name);
    try (Model m = wrapping(name, p)) {
      assertEquals(0, m.trainableWeights().size() - 2, "only the head trains");
      float[] got = SavedModelExportTest.flat(m.predictAll(
              io.tfweave.data.Dataset.of(
                  input(p), NdArrays.ofFloats(Shape.of(inputShape(p)[0], 2))),
              8)
          .get(0));
      double worst = maxDiff(floats(p.path("output")), got);
      System.out.printf("%s: SavedModelLayer vs Keras max |diff| = %.3e%n", name, worst);
      assertTrue(worst <= 1e-5, name + ": " + worst);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"text_int32", "text_int64", "text_tf_keras", "lstm", "cnn"})
  void exportServesTheSameInAFreshJvm(String name) throws Exception {
    JsonNode p = probe(name);
    try (Model m = wrapping(name, p)) {
      List<FloatNdArray> expected = m.predictAll(
          io.tfweave.data.Dataset.of(input(p), NdArrays.ofFloats(Shape.of(inputShape(p)[0], 2))),
          8);
      Path out = m.export(dir.resolve(name));
      Path in = dir.resolve("x.bin");
      ServingCheckMain.write(in, inputShape(p), floats(p.path("input")));
      Path res0 = dir.resolve("y0.bin");
      Path res1 = dir.resolve("y1.bin");
      List<String> args = new java.util.ArrayList<>(
          List.of(out.toString(), "features", in.toString(), "base,head", res0 + "," + res1));
      if (inputType(p).isInteger()) args.add("int32");
      ServingCheckMain.runFresh(args.toArray(String[]::new));
      for (int k = 0; k < 2; k++) {
        double worst = maxDiff(
            SavedModelExportTest.flat(expected.get(k)),
            ServingCheckMain.readValues(k == 0 ? res0 : res1));
        System.out.printf(
            "%s: fresh-JVM SavedModelBundle.load output %s vs predict max |diff| = %.3e%n",
            name, k == 0 ? "base" : "head", worst);
        assertTrue(worst <= 1e-6, name + " output " + k + ": " + worst);
      }
    }
  }
}
