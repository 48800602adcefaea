package io.tfweave.saving;

import static io.tfweave.activations.Activation.RELU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.tfweave.graph.DType;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.merging.Add;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.layers.recurrent.Bidirectional;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.recurrent.TimeDistributed;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras 3 {@code .weights.h5} files both ways (issue #12): Keras-written fixtures (tools/check_keras_weights.py
 * fixtures) load and predict as Keras; files tfweave writes have Keras's layout and load back.
 */
class KerasWeightsH5Test {
  @TempDir
  Path dir;

  static final List<String> KINDS = List.of("mlp", "cnn", "lstm", "text", "residual", "birnn");

  /** The tfweave twin of tools/check_keras_weights.py's build(kind). */
  static Model model(String kind, long seed) {
    return switch (kind) {
      case "mlp" -> Sequential.named(kind)
          .input(6)
          .add(new Dense(8).activation(RELU))
          .add(new Dense(3))
          .seed(seed)
          .build();
      case "cnn" -> Sequential.named(kind)
          .input(8, 8, 1)
          .add(new Conv2D(4, 3).activation(RELU))
          .add(new BatchNormalization())
          .add(new Flatten())
          .add(new Dense(2))
          .seed(seed)
          .build();
      case "lstm" -> Sequential.named(kind)
          .input(5, 3)
          .add(new LSTM(4))
          .add(new Dense(2))
          .seed(seed)
          .build();
      case "text" -> Sequential.named(kind)
          .input(DType.INT32, 7)
          .add(new Embedding(20, 4))
          .add(new GRU(3))
          .add(new Dense(2))
          .seed(seed)
          .build();
      case "birnn" -> Sequential.named(kind)
          .input(5, 3)
          .add(new Bidirectional(new LSTM(4).returnSequences(true)))
          .add(new TimeDistributed(new Dense(2)))
          .seed(seed)
          .build();
      case "nested" -> { // a Sequential model inside a functional one
        Model inner = Sequential.named("inner")
            .input(6)
            .add(new Dense(4).activation(RELU))
            .build();
        SymbolicTensor in = Input.of(6);
        yield Model.of(in, new Dense(2).apply(inner.apply(in))).named(kind).seed(seed);
      }
      default -> {
        SymbolicTensor in = Input.of(6);
        SymbolicTensor a = new Dense(4).activation(RELU).apply(in);
        SymbolicTensor b = new Dense(4).apply(in);
        yield Model.of(in, new Dense(2).apply(new Add().apply(a, b)))
            .named(kind)
            .seed(seed);
      }
    };
  }

  /** The probe input shape of each kind (batch 2), as tools/check_keras_weights.py's INPUTS. */
  static long[] inputShape(String kind) {
    return switch (kind) {
      case "cnn" -> new long[] {2, 8, 8, 1};
      case "lstm", "birnn" -> new long[] {2, 5, 3};
      case "text" -> new long[] {2, 7};
      default -> new long[] {2, 6};
    };
  }

  static NdArray<?> input(JsonNode p) {
    long[] shape = new long[p.path("input_shape").size()];
    for (int i = 0; i < shape.length; i++)
      shape[i] = p.path("input_shape").get(i).asLong();
    float[] x = KerasRnnImportTest.floats(p.path("input"));
    if (shape.length == 2 && shape[1] == 7) { // the text model's token ids
      int[] ids = new int[x.length];
      for (int i = 0; i < ids.length; i++) ids[i] = (int) x[i];
      return NdArrays.wrap(Shape.of(shape), DataBuffers.of(ids, true, false));
    }
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(x, true, false));
  }

  static Path fixture(String name) throws Exception {
    return Path.of(KerasWeightsH5Test.class.getResource("keras_h5/" + name).toURI());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "lstm", "text", "residual", "birnn", "mlp_fit"})
  void kerasWrittenWeightsLoadAndPredictAsKeras(String kind) throws Exception {
    JsonNode p = new ObjectMapper().readTree(fixture("probe.json").toFile()).path(kind);
    try (Model m = model(kind.equals("mlp_fit") ? "mlp" : kind, 5)) {
      m.loadWeights(fixture(kind + ".weights.h5"));
      float[] got = SavedModelExportTest.flat(m.predict(input(p)));
      float[] want = KerasRnnImportTest.floats(p.path("output"));
      assertEquals(want.length, got.length);
      double d = 0;
      for (int i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
      System.out.printf("%s: Keras .weights.h5 -> tfweave: max |diff| = %.3g%n", kind, d);
      assertTrue(d <= 1e-5, kind + ": max diff " + d);
    }
  }

  @Test
  void writesKerasLayoutAndReadsItBack() throws Exception {
    for (String kind : KINDS) {
      Path file = dir.resolve(kind + ".weights.h5");
      try (Model a = model(kind, 1);
          Model b = model(kind, 2)) {
        assertEquals(file.toAbsolutePath(), a.saveWeights(file));
        b.loadWeights(file);
        for (int i = 0; i < a.weights().size(); i++) {
          assertArrayEquals(
              SavedModelExportTest.flat(a.getWeights().get(i)),
              SavedModelExportTest.flat(b.getWeights().get(i)),
              kind + " weight " + a.weights().get(i).path());
        }
      }
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    try (HdfFile h5 = new HdfFile(dir.resolve("cnn.weights.h5"));
        Model cnn = model("cnn", 1)) {
      Map<String, List<String>> layout = KerasWeightsH5.paths(cnn);
      assertEquals(
          List.of(
              "vars",
              "layers/conv2d/vars",
              "layers/batch_normalization/vars",
              "layers/flatten/vars",
              "layers/dense/vars"),
          List.copyOf(layout.keySet()));
      Dataset movingVariance = h5.getDatasetByPath("layers/batch_normalization/vars/3");
      assertArrayEquals(new int[] {4}, movingVariance.getDimensions());
      assertArrayEquals(
          new int[] {3, 3, 1, 4}, h5.getDatasetByPath("layers/conv2d/vars/0").getDimensions());
      float[] kernel = (float[]) h5.getDatasetByPath("layers/conv2d/vars/0").getDataFlat();
      // same seed as the model that wrote the file: the same initial kernel, in row-major order
      assertArrayEquals(cnn.weightValue(cnn.layer("conv2d").weights().get(0)), kernel);
      assertEquals(
          "batch_normalization",
          h5.getByPath("layers/batch_normalization/vars").getAttribute("name").getData());
    }
    try (Model lstm = model("lstm", 1)) {
      assertEquals(
          List.of("lstm/kernel", "lstm/recurrent_kernel", "lstm/bias"),
          KerasWeightsH5.paths(lstm).get("layers/lstm/cell/vars"));
    }
    try (Model residual = model("residual", 1)) {
      assertEquals(
          List.of(
              "vars",
              "layers/input_layer/vars",
              "layers/dense/vars",
              "layers/dense_1/vars",
              "layers/add/vars",
              "layers/dense_2/vars"),
          List.copyOf(KerasWeightsH5.paths(residual).keySet()));
    }
  }

  @Test
  void mismatchedModelIsRejectedNamingTheProblemAndNothingLoads() throws Exception {
    try (Model other = Sequential.named("other")
        .input(6)
        .add(new Dense(5))
        .add(new Dense(3))
        .seed(3)
        .build()) {
      float[] before = other.weightValue(other.weights().get(1));
      var e = assertThrows(
          IllegalArgumentException.class, () -> other.loadWeights(fixture("mlp.weights.h5")));
      assertTrue(
          e.getMessage().contains("dense/kernel: model [6, 5] vs layers/dense/vars/0 [6, 8]"),
          e.getMessage());
      assertTrue(e.getMessage().contains("nothing was loaded"), e.getMessage());
      assertArrayEquals(before, other.weightValue(other.weights().get(1)));
    }
    try (Model lstm = model("lstm", 1)) {
      var e = assertThrows(
          IllegalArgumentException.class, () -> lstm.loadWeights(fixture("mlp.weights.h5")));
      assertTrue(
          e.getMessage().contains("no group layers/lstm/cell/vars for layer 'lstm' (LSTM)"),
          e.getMessage());
    }
    try (Model m = model("mlp", 1)) {
      var e = assertThrows(
          IllegalArgumentException.class, () -> KerasWeightsH5.save(m, dir.resolve("m.h5")));
      assertTrue(e.getMessage().contains("must end in .weights.h5"), e.getMessage());
    }
  }
}
