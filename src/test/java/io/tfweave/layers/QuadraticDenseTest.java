package io.tfweave.layers;

import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.layers.quadratic.QuadraticInitialization;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

class QuadraticDenseTest {
  @Test
  void basics() {
    LayerTester.of(() -> new QuadraticDense(4).activation(SIGMOID))
        .inputShape(2, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(6)
        .expectNonTrainableWeights(0)
        .run();
  }

  @Test
  void basicsComposedNoBiasAndRank3() {
    LayerTester.of(() -> new QuadraticDense(4).fused(false))
        .inputShape(2, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(6)
        .run();
    LayerTester.of(() -> new QuadraticDense(2).useBias(false))
        .inputShape(3, 5)
        .expectOutputShape(3, 2)
        .expectTrainableWeights(3)
        .run();
    LayerTester.of(() -> new QuadraticDense(2))
        .inputShape(2, 4, 3)
        .expectOutputShape(2, 4, 2)
        .expectTrainableWeights(6)
        .run();
  }

  @Test
  void basicsReLinear() {
    LayerTester.of(() -> new QuadraticDense(3).initialization(QuadraticInitialization.RELINEAR))
        .inputShape(2, 3)
        .expectOutputShape(2, 3)
        .expectTrainableWeights(6)
        .run();
  }

  @Test
  void correctnessFusedAndComposed() {
    // x [2, 3], 2 units; weights in declaration order w_r, w_g, w_b, b_r, b_g, c
    float[] x = {1f, -2f, 0.5f, 0.3f, 0.7f, -1.1f};
    float[] wr = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f};
    float[] wg = {0.7f, 0.1f, -0.3f, 0.2f, 0.05f, -0.4f};
    float[] wb = {-0.2f, 0.3f, 0.1f, -0.6f, 0.25f, 0.15f};
    float[] br = {0.1f, -0.1f};
    float[] bg = {0.5f, 1.5f};
    float[] c = {-0.3f, 0.2f};
    for (boolean fused : new boolean[] {true, false}) {
      try (Model m = Sequential.named("q")
          .input(3)
          .add(new QuadraticDense(2).fused(fused))
          .seed(1)
          .build()) {
        m.setWeights(List.of(
            arr(wr, 3, 2), arr(wg, 3, 2), arr(wb, 3, 2), arr(br, 2), arr(bg, 2), arr(c, 2)));
        FloatNdArray y = m.predict(arr(x, 2, 3));
        for (int i = 0; i < 2; i++) {
          for (int u = 0; u < 2; u++) {
            double r = br[u];
            double g = bg[u];
            double q = c[u];
            for (int k = 0; k < 3; k++) {
              double xk = x[3 * i + k];
              r += xk * wr[2 * k + u];
              g += xk * wg[2 * k + u];
              q += xk * xk * wb[2 * k + u];
            }
            assertEquals(
                r * g + q,
                y.getFloat(i, u),
                1e-5,
                "fused=" + fused + " sample " + i + " unit " + u);
          }
        }
      }
    }
  }

  @Test
  void reLinearStartsAsAnOrdinaryNeuron() {
    float[] x = {1f, -2f, 0.5f, 0.3f, 0.7f, -1.1f};
    try (Model m = Sequential.named("q")
        .input(3)
        .add(new QuadraticDense(4)
            .initialization(QuadraticInitialization.RELINEAR)
            .biasInitializer(io.tfweave.initializers.Initializers.constant(0.25)))
        .seed(5)
        .build()) {
      List<FloatNdArray> w = m.getWeights();
      assertTrue(allEqual(w.get(1), 0f) && allEqual(w.get(2), 0f), "w_g and w_b start at 0");
      assertTrue(allEqual(w.get(4), 1f) && allEqual(w.get(5), 0f), "b_g starts at 1 and c at 0");
      assertTrue(allEqual(w.get(3), 0.25f), "b_r uses the bias initializer");
      FloatNdArray y = m.predict(arr(x, 2, 3));
      for (int i = 0; i < 2; i++) {
        for (int u = 0; u < 4; u++) {
          double lin = 0.25;
          for (int k = 0; k < 3; k++) lin += x[3 * i + k] * w.get(0).getFloat(k, u);
          assertEquals(lin, y.getFloat(i, u), 1e-5);
        }
      }
    }
  }

  @Test
  void parameterCountsOfThePaperNetworks() {
    try (Model spirals = Sequential.named("spirals")
            .input(2)
            .add(new QuadraticDense(20).activation(SIGMOID))
            .add(new QuadraticDense(20).activation(SIGMOID))
            .add(new QuadraticDense(1).activation(SIGMOID))
            .build();
        Model rings = Sequential.named("rings")
            .input(2)
            .add(new QuadraticDense(3).activation(SIGMOID))
            .add(new QuadraticDense(2).activation(SIGMOID))
            .add(new QuadraticDense(1).activation(SIGMOID))
            .build()) {
      assertEquals(1503, params(spirals));
      assertEquals(60, params(rings));
      String s = spirals.summaryString();
      assertTrue(s.contains("quadratic_dense (Quadratic") && s.contains("Total params: 1,503"), s);
    }
  }

  @Test
  void saveAndLoadWeights(@TempDir Path dir) {
    float[] x = {1f, -2f, 0.5f, 0.3f, 0.7f, -1.1f};
    float[] before;
    try (Model m = Sequential.named("q")
        .input(3)
        .add(new QuadraticDense(2).activation(SIGMOID))
        .seed(3)
        .build()) {
      m.compile(Optimizers.adam(0.05), Losses.meanSquaredError());
      m.fit(
          Dataset.ofArrays(
              List.of(HostArray.ofFloats(x, 2, 3)),
              HostArray.ofFloats(new float[] {1, 0, 0, 1}, 2, 2)),
          FitOptions.epochs(3).batchSize(2).verbose(0));
      before = flat(m.predict(arr(x, 2, 3)));
      m.saveWeights(dir.resolve("ckpt"));
    }
    try (Model m = Sequential.named("q")
        .input(3)
        .add(new QuadraticDense(2).activation(SIGMOID))
        .seed(99)
        .build()) {
      m.loadWeights(dir.resolve("ckpt"));
      assertArrayEquals(before, flat(m.predict(arr(x, 2, 3))));
    }
  }

  @Test
  void regularizersAddToTheLoss() {
    float[] x = {1f, -2f, 0.5f, 0.3f, 0.7f, -1.1f};
    Dataset d = Dataset.ofArrays(
        List.of(HostArray.ofFloats(x, 2, 3)), HostArray.ofFloats(new float[] {1, 0, 0, 1}, 2, 2));
    double[] losses = new double[2];
    for (int k = 0; k < 2; k++) {
      QuadraticDense q = new QuadraticDense(2);
      if (k == 1) q.kernelRegularizer(Regularizer.l2(0.5)).biasRegularizer(Regularizer.l1(0.5));
      try (Model m = Sequential.named("q").input(3).add(q).seed(3).build()) {
        m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
        losses[k] = m.evaluate(d).get("loss");
        m.fit(d, FitOptions.epochs(1).batchSize(2).verbose(0));
      }
    }
    assertTrue(
        losses[1] > losses[0] + 0.1,
        "penalties on the three kernels: " + losses[0] + " vs " + losses[1]);
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new QuadraticDense(0));
    assertTrue(e.getMessage().contains("Received: units=0"));
    e = assertThrows(IllegalArgumentException.class, () -> new QuadraticDense(2)
        .useBias(false)
        .initialization(QuadraticInitialization.RELINEAR));
    assertTrue(e.getMessage().contains("use_bias=false"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new QuadraticDense(2)
        .initialization(QuadraticInitialization.RELINEAR)
        .useBias(false));
    assertTrue(e.getMessage().contains("needs biases"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuadraticInitialization.of("glorot"));
    assertTrue(e.getMessage().contains("Received: initialization=glorot"), e.getMessage());
    QuadraticDense built = new QuadraticDense(3);
    built.named("q1");
    var in = Input.of(4);
    built.apply(in);
    var s = assertThrows(ShapeMismatchException.class, () -> built.apply(Input.of(5)));
    assertTrue(s.getMessage().contains("'q1' (QuadraticDense)"), s.getMessage());
    var st = assertThrows(IllegalStateException.class, () -> built.activation(SIGMOID));
    assertTrue(st.getMessage().contains("already built"), st.getMessage());
    var scalar =
        assertThrows(ShapeMismatchException.class, () -> new QuadraticDense(3).apply(Input.of()));
    assertTrue(scalar.getMessage().contains("rank >= 2"), scalar.getMessage());
  }

  static long params(Model m) {
    return m.weights().stream().mapToLong(io.tfweave.graph.Weight::size).sum();
  }

  static FloatNdArray arr(float[] v, long... shape) {
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(v, false, false));
  }

  static float[] flat(FloatNdArray a) {
    float[] f = new float[(int) a.size()];
    a.copyTo(DataBuffers.of(f, false, false));
    return f;
  }

  private static boolean allEqual(FloatNdArray a, float v) {
    for (float f : flat(a)) if (f != v) return false;
    return true;
  }
}
