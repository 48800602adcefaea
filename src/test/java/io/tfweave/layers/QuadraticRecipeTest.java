package io.tfweave.layers;

import static io.tfweave.activations.Activation.SIGMOID;
import static io.tfweave.activations.Activation.TANH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.preprocessing.Normalization;
import io.tfweave.layers.quadratic.QuadraticConv2D;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.layers.quadratic.QuadraticInitialization;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.TrainingControl;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * The default recipe of the second-order layers (ReLinear initialisation; with a Normalization layer, tanh hidden layers
 * and Adam) on small fixed cases: every one of 3 ring sets × 3 seeds reaches 100 % training accuracy within 1,000
 * full-batch iterations, and the default starts as ReLinear prescribes.
 */
class QuadraticRecipeTest {
  @Test
  void defaultInitializationIsReLinear() {
    try (Model m =
        Sequential.named("q").input(3).add(new QuadraticDense(4)).seed(7).build()) {
      List<FloatNdArray> w = m.getWeights();
      assertTrue(all(w.get(1), 0f), "w_g = 0");
      assertTrue(all(w.get(2), 0f), "w_b = 0");
      assertTrue(all(w.get(3), 0f), "b_r = 0 (zeros bias initializer)");
      assertTrue(all(w.get(4), 1f), "b_g = 1");
      assertTrue(all(w.get(5), 0f), "c = 0");
      double limit = Math.sqrt(6.0 / (3 + 4));
      double max = 0;
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++) max = Math.max(max, Math.abs(w.get(0).getFloat(i, j)));
      assertTrue(max > 0 && max <= limit, "w_r is glorot_uniform, |w| <= " + limit + ": " + max);
    }
    assertEquals(QuadraticInitialization.RELINEAR, new QuadraticDense(2).initialization());
    assertEquals(QuadraticInitialization.RELINEAR, new QuadraticConv2D(2, 3).initialization());
    assertEquals(
        QuadraticInitialization.RANDOM, new QuadraticDense(2).useBias(false).initialization());
    assertEquals(
        QuadraticInitialization.RANDOM,
        new QuadraticDense(2).initialization(QuadraticInitialization.RANDOM).initialization());
    var e = assertThrows(IllegalArgumentException.class, () -> new QuadraticDense(2)
        .useBias(false)
        .initialization(QuadraticInitialization.RELINEAR));
    assertTrue(e.getMessage().contains("use_bias=false"), e.getMessage());
  }

  @Test
  void defaultRecipeSeparatesRingsOfAnyScaleAndCentre() {
    double[][] sets = { // scale, centre x, centre y, jitter, even angles
      {0.1, 0.125, 0.075, 0, 1}, {10, 0, 0, 1, 0}, {1, 0, 0, 1, 1}
    };
    for (double[] s : sets) {
      for (long seed = 1; seed <= 3; seed++) {
        Dataset d = rings(s[0], s[1], s[2], s[3] > 0, s[4] > 0, seed);
        try (Model m = recipeNet(d, seed)) {
          int it = iterationsToPerfect(m, d, 1000);
          assertTrue(
              it >= 0,
              "rings scale " + s[0] + " centre (" + s[1] + ", " + s[2] + ") seed " + seed
                  + " should reach 100 % within 1000 iterations");
        }
      }
    }
  }

  /** Normalization (adapted) → QuadraticDense 3 tanh → 2 tanh → 1 sigmoid, Adam 0.1 (clipnorm 1), binary cross-entropy. */
  private static Model recipeNet(Dataset d, long seed) {
    Model m = Sequential.named("rings")
        .input(2)
        .add(new Normalization().adapt(d.inputs().get(0)))
        .add(new QuadraticDense(3).activation(TANH))
        .add(new QuadraticDense(2).activation(TANH))
        .add(new QuadraticDense(1).activation(SIGMOID))
        .seed(seed)
        .build();
    m.compile(Optimizers.adam(0.1).clipnorm(1.0), Losses.binaryCrossentropy(), Metrics.accuracy());
    return m;
  }

  /** Full batch; the first epoch whose logged accuracy (weights before its update) is 100 %, or -1. */
  private static int iterationsToPerfect(Model m, Dataset d, int max) {
    int[] first = {-1};
    Callback stop = new Callback() {
      private TrainingControl control;

      @Override
      public void onTrainBegin(TrainingControl c) {
        control = c;
      }

      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (first[0] < 0 && logs.get("accuracy") >= 1.0) {
          first[0] = epoch;
          control.requestStop();
        }
      }
    };
    m.fit(
        d,
        FitOptions.epochs(max + 1).batchSize(d.size()).shuffle(false).verbose(0).callbacks(stop));
    return first[0];
  }

  /** Four rings of 60 points, radii scale·k/4, labels 1, 0, 1, 0 from the inside out. */
  private static Dataset rings(
      double scale, double cx, double cy, boolean jitter, boolean even, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[2 * 240];
    float[] y = new float[240];
    for (int k = 0; k < 4; k++) {
      for (int j = 0; j < 60; j++) {
        int i = 60 * k + j;
        double r = scale * (k + 1 + (jitter ? (rng.nextDouble() * 2 - 1) * 0.2 : 0)) / 4;
        double a = even ? 2 * Math.PI * j / 60 : rng.nextDouble() * 2 * Math.PI;
        x[2 * i] = (float) (cx + r * Math.cos(a));
        x[2 * i + 1] = (float) (cy + r * Math.sin(a));
        y[i] = k % 2 == 0 ? 1 : 0;
      }
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, 240, 2)), HostArray.ofFloats(y, 240));
  }

  private static boolean all(FloatNdArray a, float v) {
    boolean[] ok = {true};
    a.scalars().forEach(s -> ok[0] &= s.getFloat() == v);
    return ok[0];
  }
}
