package io.tfweave.constraints;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.activations.Activation;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras 3's four constraints: hand-computed values, applied after every update of a fit, and saved with the model. */
class ConstraintTest {
  /** Columns: norms 5 and sqrt(1.25) = 1.1180340; rows: sqrt(9.25) = 3.0413813 and sqrt(17) = 4.1231056. */
  private static final float[][] W = {{3f, 0.5f}, {4f, -1f}};

  private static float[][] apply(Constraint c, float[][] w) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var out = c.apply(tf, tf.constant(w));
      try (TFloat32 t = (TFloat32) s.runner().fetch(out).run().get(0)) {
        float[][] r = new float[w.length][w[0].length];
        for (int i = 0; i < r.length; i++)
          for (int j = 0; j < r[0].length; j++) r[i][j] = t.getFloat(i, j);
        return r;
      }
    }
  }

  private static void assertMatrix(float[][] expected, float[][] actual) {
    for (int i = 0; i < expected.length; i++)
      for (int j = 0; j < expected[0].length; j++)
        assertEquals(expected[i][j], actual[i][j], 2e-6, "element [" + i + "][" + j + "]");
  }

  @Test
  void handComputedValues() {
    // MaxNorm(2, axis 0): column 0 (norm 5) is scaled by 2 / (5 + 1e-7); column 1 (norm 1.118 < 2)
    // by 1.118/(1.118 + 1e-7).
    assertMatrix(new float[][] {{1.2f, 0.5f}, {1.6f, -1f}}, apply(Constraint.maxNorm(), W));
    // MaxNorm(2, axis 1): rows scaled by 2 / 3.0413813 and 2 / 4.1231056.
    assertMatrix(
        new float[][] {{1.9727878f, 0.3287980f}, {1.9402850f, -0.4850713f}},
        apply(Constraint.maxNorm(2, 1), W));
    // MinMaxNorm(1.5, 2, rate 0.5): column 0 wants 0.5·2 + 0.5·5 = 3.5 (× 0.7); column 1 wants
    // 0.5·1.5 + 0.5·1.1180340 =
    // 1.3090170 (× 1.1708204).
    assertMatrix(
        new float[][] {{2.1f, 0.5854102f}, {2.8f, -1.1708204f}},
        apply(Constraint.minMaxNorm(1.5, 2, 0.5, 0), W));
    // MinMaxNorm defaults (0, 1, rate 1): both columns to unit norm.
    assertMatrix(
        new float[][] {{0.6f, 0.4472136f}, {0.8f, -0.8944272f}}, apply(Constraint.minMaxNorm(), W));
    assertMatrix(new float[][] {{3f, 0.5f}, {4f, 0f}}, apply(Constraint.nonNeg(), W));
    assertMatrix(
        new float[][] {{0.6f, 0.4472136f}, {0.8f, -0.8944272f}}, apply(Constraint.unitNorm(), W));
    // The epsilon is Keras's 1e-7: a zero column stays zero instead of becoming NaN.
    assertMatrix(
        new float[][] {{0f, 1f}, {0f, 0f}},
        apply(Constraint.unitNorm(0), new float[][] {{0f, 1f}, {0f, 0f}}));
    // Several axes (a Conv2D-style [0, 1]): the whole 2×2 matrix, norm sqrt(26.25) = 5.1234754, to
    // norm 2.
    float f = (float) (2 / (Math.sqrt(26.25) + 1e-7));
    assertMatrix(
        new float[][] {{3 * f, 0.5f * f}, {4 * f, -f}}, apply(Constraint.maxNorm(2, 0, 1), W));
  }

  @Test
  void configsAreKeras() {
    assertEquals(
        Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 2.0, "axis", 0)),
        Constraint.maxNorm().config());
    assertEquals(
        Map.of(
            "class_name",
            "MinMaxNorm",
            "config",
            Map.of("min_value", 0.0, "max_value", 1.0, "rate", 1.0, "axis", 0)),
        Constraint.minMaxNorm().config());
    assertEquals(
        Map.of("class_name", "NonNeg", "config", Map.of()), Constraint.nonNeg().config());
    assertEquals(
        Map.of("class_name", "UnitNorm", "config", Map.of("axis", List.of(0, 1, 2))),
        Constraint.unitNorm(0, 1, 2).config());
    for (Constraint c : List.of(
        Constraint.maxNorm(3, 1),
        Constraint.minMaxNorm(0.5, 1.5, 0.3, 0, 1),
        Constraint.nonNeg(),
        Constraint.unitNorm(1))) {
      assertEquals(c.config(), Constraint.fromConfig(c.config()).config());
    }
  }

  @Test
  void errorsNameTheArgument() {
    var e = assertThrows(IllegalArgumentException.class, () -> Constraint.maxNorm(-1, 0));
    assertTrue(e.getMessage().contains("Received: max_value=-1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Constraint.minMaxNorm(2, 1, 1, 0));
    assertTrue(e.getMessage().contains("min_value=2.0, max_value=1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Constraint.minMaxNorm(0, 1, 2, 0));
    assertTrue(e.getMessage().contains("rate=2.0"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> Constraint.fromConfig(Map.of("class_name", "Foo")));
    assertTrue(e.getMessage().contains("Unknown constraint 'Foo'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> apply(Constraint.unitNorm(2), W));
    assertTrue(e.getMessage().contains("axis 2 is out of range for a weight of rank 2"));
  }

  static Dataset data() {
    Random r = new Random(3);
    int n = 128;
    float[] x = new float[n * 4];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) r.nextGaussian();
      y[i] = 5 * x[i * 4] - 4 * x[i * 4 + 1] + 3;
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 4)), HostArray.ofFloats(y, n, 1));
  }

  static Model model(boolean constrained) {
    Dense hidden = new Dense(6).activation(Activation.RELU).named("hidden");
    Dense out = new Dense(1).named("out");
    if (constrained) {
      hidden.kernelConstraint(Constraint.maxNorm(1, 0)).biasConstraint(Constraint.nonNeg());
      out.kernelConstraint(Constraint.nonNeg());
    }
    return Sequential.builder().input(4).add(hidden, out).seed(4).build();
  }

  /** The largest column norm of the hidden kernel, the smallest hidden bias and the smallest output kernel entry. */
  static double[] stats(Model m) {
    List<FloatNdArray> w = m.getWeights();
    float[] k = flat(w.get(0));
    double maxNorm = 0;
    for (int j = 0; j < 6; j++) {
      double s = 0;
      for (int i = 0; i < 4; i++) s += k[i * 6 + j] * k[i * 6 + j];
      maxNorm = Math.max(maxNorm, Math.sqrt(s));
    }
    double minBias = Double.MAX_VALUE;
    for (float b : flat(w.get(1))) minBias = Math.min(minBias, b);
    double minOut = Double.MAX_VALUE;
    for (float v : flat(w.get(2))) minOut = Math.min(minOut, v);
    return new double[] {maxNorm, minBias, minOut};
  }

  static float[] flat(FloatNdArray a) {
    float[] f = new float[(int) a.shape().size()];
    a.copyTo(DataBuffers.of(f, false, false));
    return f;
  }

  @Test
  void holdAfterEveryEpochOfAFitWhileTheUnconstrainedModelBreaksThem() {
    try (Model free = model(false);
        Model bound = model(true)) {
      List<double[]> seen = new ArrayList<>();
      free.compile(Optimizers.adam(0.05), Losses.meanSquaredError());
      bound.compile(Optimizers.adam(0.05), Losses.meanSquaredError());
      free.fit(data(), FitOptions.epochs(6).batchSize(16).verbose(0));
      bound.fit(data(), FitOptions.epochs(6).batchSize(16).verbose(0).callbacks(new Callback() {
        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          seen.add(stats(bound));
        }
      }));
      double[] f = stats(free);
      // The problem pulls the weights outside the constraints when nothing holds them.
      assertTrue(f[0] > 1.5 && (f[1] < -0.01 || f[2] < -0.01), java.util.Arrays.toString(f));
      assertEquals(6, seen.size());
      for (double[] s : seen) {
        assertTrue(s[0] <= 1 + 1e-5, "hidden kernel column norm " + s[0]);
        assertTrue(s[1] >= 0 && s[2] >= 0, java.util.Arrays.toString(s));
      }
      // and the constrained model still learns (the bias is free to grow).
      assertTrue(bound.evaluate(data()).get("loss") < free.evaluate(data()).get("loss") * 20);
    }
  }

  @Test
  void convolutionFiltersKeepTheirNormOverSeveralAxes() {
    Random r = new Random(5);
    int n = 64;
    float[] x = new float[n * 36];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    for (int i = 0; i < n; i++) y[i] = 4 * x[i * 36 + 14] - 3 * x[i * 36 + 21];
    Dataset d =
        Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 6, 6, 1)), HostArray.ofFloats(y, n, 1));
    var conv = new io.tfweave.layers.convolutional.Conv2D(3, 3)
        .kernelConstraint(Constraint.maxNorm(0.5, 0, 1, 2));
    try (Model m = Sequential.builder()
        .input(6, 6, 1)
        .add(conv, new io.tfweave.layers.reshaping.Flatten(), new Dense(1))
        .seed(6)
        .build()) {
      m.compile(Optimizers.adam(0.1), Losses.meanSquaredError());
      m.fit(d, FitOptions.epochs(3).batchSize(16).verbose(0));
      float[] k = flat(m.getWeights().get(0)); // [3, 3, 1, 3]
      for (int f = 0; f < 3; f++) {
        double s = 0;
        for (int i = 0; i < 9; i++) s += k[i * 3 + f] * k[i * 3 + f];
        assertTrue(Math.sqrt(s) <= 0.5 + 1e-6, "filter " + f + " norm " + Math.sqrt(s));
        assertTrue(
            Math.sqrt(s) > 0.3, "filter " + f + " norm " + Math.sqrt(s)); // pushed to the bound
      }
    }
  }

  @Test
  void savedAndRestoredWithTheModel(@TempDir Path dir) {
    Path saved;
    try (Model m = model(true)) {
      m.compile(Optimizers.adam(0.05), Losses.meanSquaredError());
      m.fit(data(), FitOptions.epochs(1).batchSize(16).verbose(0));
      assertEquals(
          Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 1.0, "axis", 0)),
          m.layer("hidden").config().get("kernel_constraint"));
      saved = m.export(dir.resolve("m"));
    }
    try (Model back = Model.load(saved)) {
      Dense hidden = (Dense) back.layer("hidden");
      assertEquals(Constraint.maxNorm(1, 0).config(), hidden.kernelConstraint().config());
      assertEquals(Constraint.nonNeg().config(), hidden.biasConstraint().config());
      assertNull(((Dense) back.layer("out")).biasConstraint());
      // The reloaded model keeps applying them when it trains on.
      back.compile(Optimizers.adam(0.05), Losses.meanSquaredError());
      back.fit(data(), FitOptions.epochs(2).batchSize(16).verbose(0));
      double[] s = stats(back);
      assertTrue(s[0] <= 1 + 1e-5 && s[1] >= 0 && s[2] >= 0, java.util.Arrays.toString(s));
    }
  }
}
