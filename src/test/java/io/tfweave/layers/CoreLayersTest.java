package io.tfweave.layers;

import static io.tfweave.activations.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.activations.ActivationLayer;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.merging.Add;
import io.tfweave.layers.merging.Average;
import io.tfweave.layers.merging.Concatenate;
import io.tfweave.layers.merging.Multiply;
import io.tfweave.layers.merging.Subtract;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.layers.reshaping.Reshape;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

class CoreLayersTest {
  @Test
  void basics() {
    LayerTester.of(() -> new Dense(4).activation(RELU))
        .inputShape(2, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new Dense(2).useBias(false))
        .inputShape(2, 5, 3)
        .expectOutputShape(2, 5, 2)
        .expectTrainableWeights(1)
        .run();
    LayerTester.of(() -> new Embedding(10, 3))
        .inputShape(4, 5)
        .intInputs(10)
        .expectOutputShape(4, 5, 3)
        .expectTrainableWeights(1)
        .run();
    LayerTester.of(Flatten::new)
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 12)
        .expectTrainableWeights(0)
        .run();
    LayerTester.of(() -> new Reshape(2, -1))
        .inputShape(2, 6)
        .expectOutputShape(2, 2, 3)
        .run();
    LayerTester.of(() -> new Dropout(0.5))
        .inputShape(3, 4)
        .expectOutputShape(3, 4)
        .run();
    LayerTester.of(() -> new ActivationLayer(GELU))
        .inputShape(3, 4)
        .expectOutputShape(3, 4)
        .run();
  }

  static FloatNdArray predict(Model m, float[] x, long... shape) {
    return m.predict(Dataset.ofArrays(List.of(HostArray.ofFloats(x, shape)), null));
  }

  @Test
  void denseCorrectness() {
    SymbolicTensor in = Input.of(2);
    try (Model m = Model.of(in, new Dense(2).activation(RELU).apply(in))) {
      m.setWeights(List.of(
          StdArrays.ndCopyOf(new float[][] {{1, -1}, {2, 3}}),
          StdArrays.ndCopyOf(new float[] {0.5f, -10})));
      FloatNdArray y = predict(m, new float[] {1, 2, -1, 0}, 2, 2);
      assertEquals(5.5f, y.getFloat(0, 0));
      assertEquals(0f, y.getFloat(0, 1)); // 5 - 10 → relu 0
      assertEquals(0f, y.getFloat(1, 0)); // -1 + 0.5 → relu 0
      assertEquals(0f, y.getFloat(1, 1));
    }
  }

  @Test
  void embeddingLooksUpRows() {
    SymbolicTensor in = Input.of(DType.INT32, 3);
    try (Model m = Model.of(in, new Embedding(4, 2).apply(in))) {
      m.setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{0, 0}, {1, 10}, {2, 20}, {3, 30}})));
      var y =
          m.predict(Dataset.ofArrays(List.of(HostArray.ofInts(new int[] {3, 1, 1}, 1, 3)), null));
      assertEquals(30f, y.getFloat(0, 0, 1));
      assertEquals(1f, y.getFloat(0, 1, 0));
      assertEquals(10f, y.getFloat(0, 2, 1));
    }
  }

  @Test
  void activationsMatchTheirFormulas() {
    float[] x = {-2f, -0.5f, 0.3f, 4f};
    double[][] expected = new double[4][];
    io.tfweave.activations.Activation[] acts = {SELU, ELU, LEAKY_RELU, RELU6, GELU, SWISH, SOFTPLUS
    };
    for (io.tfweave.activations.Activation a : acts) {
      SymbolicTensor in = Input.of(4);
      try (Model m = Model.of(in, new ActivationLayer(a).apply(in))) {
        FloatNdArray y = predict(m, x, 1, 4);
        for (int i = 0; i < 4; i++)
          assertEquals(
              reference(a.name(), x[i]), y.getFloat(0, i), 1e-5, a.name() + "(" + x[i] + ")");
      }
    }
    assertEquals(4, expected.length);
  }

  static double reference(String name, double v) {
    double alpha = 1.6732632423543772;
    double scale = 1.0507009873554805;
    return switch (name) {
      case "selu" -> v > 0 ? scale * v : scale * alpha * (Math.exp(v) - 1);
      case "elu" -> v > 0 ? v : Math.exp(v) - 1;
      case "leaky_relu" -> v > 0 ? v : 0.2 * v;
      case "relu6" -> Math.min(Math.max(v, 0), 6);
      case "gelu" -> 0.5 * v * (1 + erf(v / Math.sqrt(2)));
      case "swish" -> v / (1 + Math.exp(-v));
      case "softplus" -> Math.log1p(Math.exp(v));
      default -> throw new IllegalArgumentException(name);
    };
  }

  static double erf(double x) {
    // Abramowitz-Stegun 7.1.26 is too coarse; use a series for |x| < 3.
    double sum = 0;
    double term = x;
    for (int n = 0; n < 60; n++) {
      sum += term / (2 * n + 1);
      term *= -x * x / (n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }

  @Test
  void dropoutIsIdentityAtInferenceAndScalesInTraining() {
    SymbolicTensor in = Input.of(1000);
    Dropout d = new Dropout(0.25);
    try (Model m = Model.of(in, d.apply(in)).seed(3)) {
      float[] ones = new float[1000];
      java.util.Arrays.fill(ones, 1f);
      FloatNdArray y = predict(m, ones, 1, 1000);
      for (int i = 0; i < 1000; i++) assertEquals(1f, y.getFloat(0, i));
      // In the training graph: kept units are scaled by 1/(1-rate); about a quarter are dropped.
      var access = m.graphAccess();
      var tf = access.tf();
      try (var ctx = access.context(tf, io.tfweave.graph.CallMode.TRAINING)) {
        var x = tf.constant(StdArrays.ndCopyOf(new float[][] {ones}));
        var out = access.forward(ctx.tf(), List.of(x), ctx.mode()).get(0);
        try (var r = access.session().runner().fetch(out).run()) {
          var t = (org.tensorflow.types.TFloat32) r.get(0);
          int zeros = 0;
          for (int i = 0; i < 1000; i++) {
            float v = t.getFloat(0, i);
            assertTrue(v == 0f || Math.abs(v - 4f / 3) < 1e-6, "value " + v);
            if (v == 0f) zeros++;
          }
          assertTrue(zeros > 200 && zeros < 300, "dropped " + zeros);
        }
      }
    }
  }

  @Test
  void mergeLayers() {
    SymbolicTensor a = Input.of(3);
    SymbolicTensor b = Input.of(3);
    SymbolicTensor sum = new Add().apply(a, b);
    SymbolicTensor prod = new Multiply().apply(a, b);
    SymbolicTensor diff = new Subtract().apply(a, b);
    SymbolicTensor avg = new Average().apply(a, b);
    SymbolicTensor cat = new Concatenate().apply(sum, prod, diff, avg);
    assertArrayEquals(new long[] {-1, 12}, cat.shape().asArray());
    try (Model m = Model.of(List.of(a, b), List.of(cat))) {
      var y = m.predict(Dataset.ofArrays(
          List.of(
              HostArray.ofFloats(new float[] {1, 2, 3}, 1, 3),
              HostArray.ofFloats(new float[] {4, 5, 6}, 1, 3)),
          null));
      float[] got = new float[12];
      y.copyTo(DataBuffers.of(got, false, false));
      assertArrayEquals(new float[] {5, 7, 9, 4, 10, 18, -3, -3, -3, 2.5f, 3.5f, 4.5f}, got);
    }
    var e = assertThrows(io.tfweave.shape.ShapeMismatchException.class, () -> new Add()
        .apply(Input.of(3), Input.of(4)));
    assertTrue(e.getMessage().contains("equal shape"), e.getMessage());
    var c = assertThrows(
        IllegalArgumentException.class,
        () -> new Concatenate().axis(0).apply(Input.of(3), Input.of(3)));
    assertTrue(c.getMessage().contains("axis=0"), c.getMessage());
  }

  @Test
  void nestedModelAsALayerSharesWeights() {
    SymbolicTensor in = Input.of(2);
    Model inner = Model.of(in, new Dense(3).named("inner_dense").apply(in)).named("inner");
    SymbolicTensor outer = Input.of(2);
    try (Model m = Model.of(outer, new Dense(1).apply(inner.apply(outer)))) {
      assertEquals(2 * 3 + 3 + 3 + 1, m.countParams());
      assertTrue(m.summaryString().contains("inner (Functional)"));
      inner.setTrainable(false);
      assertEquals(2, m.trainableWeights().size());
    }
    inner.close();
  }

  @Test
  void rejectsNonPositiveUnits() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Dense(0));
    assertTrue(e.getMessage().contains("Received: units=0"));
  }

  @Test
  void defaultNamesAreUniquePerModel() {
    SymbolicTensor in = Input.of(2);
    Dense a = new Dense(2);
    Dense b = new Dense(2);
    try (Model m = Model.of(in, b.apply(a.apply(in)))) {
      assertEquals("dense", a.name());
      assertEquals("dense_1", b.name());
      assertEquals("dense_1/kernel", b.weights().get(0).path());
      assertSame(b, m.layer("dense_1"));
    }
    assertEquals(1, NdArrays.ofFloats(Shape.of(1)).shape().size());
  }
}
