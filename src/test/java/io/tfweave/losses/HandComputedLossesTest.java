package io.tfweave.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The new losses and reductions against their formulas computed in the test in double precision. */
class HandComputedLossesTest {
  static final double EPS = 1e-7;
  static final float[][] T01 = {{1, 0}, {0, 1}};
  static final float[][] P01 = {{0.8f, 0.3f}, {0.4f, 0.6f}};
  static final float[][] TR = {{1, 2}, {0.5f, 3}};
  static final float[][] PR = {{1.5f, 1}, {0.2f, 3.5f}};

  static double loss(Loss l, float[][] t, float[][] p) {
    return LossesAndMetricsTest.eval(tf -> l.compute(tf, tf.constant(t), tf.constant(p), null));
  }

  /** Mean over samples of the per-sample mean of f over the last axis. */
  interface F {
    double at(double t, double p);
  }

  static double meanOf(F f, float[][] t, float[][] p) {
    double s = 0;
    for (int i = 0; i < t.length; i++)
      for (int j = 0; j < t[i].length; j++) s += f.at(t[i][j], p[i][j]);
    return s / (t.length * t[0].length);
  }

  @Test
  void regressionStyleLosses() {
    assertEquals(
        meanOf((t, p) -> p - t * Math.log(p + EPS), TR, PR), loss(Losses.poisson(), TR, PR), 1e-6);
    assertEquals(
        meanOf((t, p) -> Math.log(Math.cosh(p - t)), TR, PR), loss(Losses.logCosh(), TR, PR), 1e-6);
    assertEquals(
        meanOf((t, p) -> Math.pow(Math.log(p + 1) - Math.log(t + 1), 2), TR, PR),
        loss(Losses.meanSquaredLogarithmicError(), TR, PR),
        1e-6);
    assertEquals(
        meanOf((t, p) -> 100 * Math.abs(t - p) / Math.abs(t), TR, PR),
        loss(Losses.meanAbsolutePercentageError(), TR, PR),
        1e-4);
    // cosine similarity: minus the cosine of each row pair, averaged
    double cos = 0;
    for (int i = 0; i < 2; i++) {
      double dot = TR[i][0] * PR[i][0] + TR[i][1] * PR[i][1];
      cos -= dot / Math.hypot(TR[i][0], TR[i][1]) / Math.hypot(PR[i][0], PR[i][1]);
    }
    assertEquals(cos / 2, loss(Losses.cosineSimilarity(), TR, PR), 1e-6);
  }

  @Test
  void hingesMapZeroOneTargetsToPlusMinusOne() {
    float[][] z = {{0.3f, -2f}, {1.5f, 0.2f}};
    F hinge = (t, p) -> Math.max(1 - (2 * t - 1) * p, 0);
    assertEquals(meanOf(hinge, T01, z), loss(Losses.hinge(), T01, z), 1e-6);
    assertEquals(
        meanOf((t, p) -> Math.pow(hinge.at(t, p), 2), T01, z),
        loss(Losses.squaredHinge(), T01, z),
        1e-6);
    // already ±1 targets are used as they are
    float[][] pm = {{1, -1}, {-1, 1}};
    assertEquals(
        meanOf((t, p) -> Math.max(1 - t * p, 0), pm, z), loss(Losses.hinge(), pm, z), 1e-6);
    // categorical hinge: max(neg − pos + 1, 0), neg the largest wrong score, pos the right one
    float[][] oneHot = {{0, 1, 0}, {1, 0, 0}};
    float[][] s = {{0.2f, 0.5f, 0.9f}, {2f, 0.1f, 0.3f}};
    double expected = (Math.max(0.9 - 0.5 + 1, 0) + Math.max(0.3 - 2 + 1, 0)) / 2;
    assertEquals(expected, loss(Losses.categoricalHinge(), oneHot, s), 1e-6);
  }

  @Test
  void klDivergenceClipsBothSides() {
    float[][] t = {{0.5f, 0.5f, 0f}, {0.1f, 0.2f, 0.7f}};
    float[][] p = {{0.4f, 0.4f, 0.2f}, {0.3f, 0.3f, 0.4f}};
    double s = 0;
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 3; j++) {
        double tc = Math.max(t[i][j], EPS);
        s += tc * Math.log(tc / p[i][j]);
      }
    assertEquals(s / 2, loss(Losses.klDivergence(), t, p), 1e-6);
  }

  @Test
  void focalCrossEntropies() {
    double bin = 0;
    double balanced = 0;
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        double t = T01[i][j];
        double p = P01[i][j];
        double bce = -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
        double pt = t * p + (1 - t) * (1 - p);
        bin += Math.pow(1 - pt, 2) * bce;
        balanced += (t * 0.4 + (1 - t) * 0.6) * Math.pow(1 - pt, 3) * bce;
      }
    assertEquals(bin / 4, loss(Losses.binaryFocalCrossentropy(), T01, P01), 1e-6);
    assertEquals(
        balanced / 4,
        loss(
            Losses.binaryFocalCrossentropy()
                .applyClassBalancing(true)
                .alpha(0.4)
                .gamma(3),
            T01,
            P01),
        1e-6);
    float[][] oneHot = {{1, 0, 0}, {0, 0, 1}};
    float[][] p = {{0.6f, 0.3f, 0.1f}, {0.2f, 0.2f, 0.6f}};
    double cat = (-0.25 * Math.pow(0.4, 2) * Math.log(0.6)) * 2 / 2; // both rows: p_true = 0.6
    assertEquals(cat, loss(Losses.categoricalFocalCrossentropy(), oneHot, p), 1e-6);
  }

  @Test
  void labelSmoothing() {
    double s = 0.2;
    double bce = meanOf(
        (t, p) -> {
          double ts = t * (1 - s) + 0.5 * s;
          return -(ts * Math.log(p) + (1 - ts) * Math.log(1 - p));
        },
        T01,
        P01);
    assertEquals(bce, loss(Losses.binaryCrossentropy().labelSmoothing(s), T01, P01), 1e-6);
    float[][] oneHot = {{1, 0, 0}, {0, 0, 1}};
    float[][] p = {{0.6f, 0.3f, 0.1f}, {0.2f, 0.2f, 0.6f}};
    double cce = 0;
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 3; j++) cce -= (oneHot[i][j] * (1 - s) + s / 3) * Math.log(p[i][j]);
    assertEquals(
        cce / 2, loss(Losses.categoricalCrossentropy().labelSmoothing(s), oneHot, p), 1e-6);
    var e = assertThrows(
        IllegalArgumentException.class, () -> Losses.binaryCrossentropy().labelSmoothing(1.5));
    assertTrue(e.getMessage().contains("label_smoothing=1.5"), e.getMessage());
  }

  @Test
  void diceAndTverskyOverTheWholeBatchOrPerSample() {
    double inter = 0.8 + 0.6;
    double sumT = 2;
    double sumP = 0.8 + 0.3 + 0.4 + 0.6;
    assertEquals(1 - 2 * inter / (sumT + sumP + EPS), loss(Losses.dice(), T01, P01), 1e-6);
    double a = (1 - 0.8) + (1 - 0.6); // Σ t (1 − p)
    double b = 0.3 + 0.4; // Σ p (1 − t)
    assertEquals(
        1 - inter / (inter + 0.7 * a + 0.3 * b + EPS),
        loss(Losses.tversky().alpha(0.7).beta(0.3), T01, P01),
        1e-6);
    // axis 1: one Dice per sample, then the mean over the batch
    double d0 = 1 - 2 * 0.8 / (1 + 1.1 + EPS);
    double d1 = 1 - 2 * 0.6 / (1 + 1.0 + EPS);
    assertEquals((d0 + d1) / 2, loss(Losses.dice().axis(1), T01, P01), 1e-6);
  }

  @Test
  void reductions() {
    float[] w = {2, 0.5f};
    double e0 = (0.25 + 1) / 2; // per-sample MSE of TR/PR
    double e1 = (0.09 + 0.25) / 2;
    float[] none = Fixtures.evalAll(tf -> Losses.meanSquaredError()
        .reduction(Reduction.NONE)
        .compute(tf, tf.constant(TR), tf.constant(PR), null, tf.constant(w)));
    assertArrayEquals(new float[] {(float) (2 * e0), (float) (0.5 * e1)}, none, 1e-6f);
    assertEquals(2 * e0 + 0.5 * e1, weighted(Reduction.SUM, w), 1e-6);
    assertEquals((2 * e0 + 0.5 * e1) / 2, weighted(Reduction.SUM_OVER_BATCH_SIZE, w), 1e-6);
    assertEquals((2 * e0 + 0.5 * e1) / 2, weighted(Reduction.MEAN, w), 1e-6);
    assertEquals((2 * e0 + 0.5 * e1) / 2.5, weighted(Reduction.MEAN_WITH_SAMPLE_WEIGHT, w), 1e-6);
    assertEquals(e0 + e1, loss(Losses.meanSquaredError().reduction(Reduction.SUM), TR, PR), 1e-6);
    // a batch-level loss is a scalar: returned as it is unweighted, times the mean weight when
    // weighted
    double dice = loss(Losses.dice(), T01, P01);
    assertEquals(dice, loss(Losses.dice().reduction(Reduction.SUM), T01, P01), 1e-6);
    double weightedDice = LossesAndMetricsTest.eval(
        tf -> Losses.dice().compute(tf, tf.constant(T01), tf.constant(P01), null, tf.constant(w)));
    assertEquals(dice * 1.25, weightedDice, 1e-6);
  }

  static double weighted(Reduction r, float[] w) {
    return LossesAndMetricsTest.eval(tf -> Losses.meanSquaredError()
        .reduction(r)
        .compute(tf, tf.constant(TR), tf.constant(PR), null, tf.constant(w)));
  }

  @Test
  void namesAndAliases() {
    for (String n :
        new String[] {"kld", "KLD", "kl_divergence", "KLDivergence", "kullback_leibler_divergence"})
      assertEquals("kl_divergence", Losses.get(n).name(), n);
    assertEquals("mean_absolute_percentage_error", Losses.get("mape").name());
    assertEquals("mean_squared_logarithmic_error", Losses.get("msle").name());
    assertEquals("log_cosh", Losses.get("logcosh").name());
    assertEquals("log_cosh", Losses.get("log_cosh").name());
    assertEquals(
        "binary_focal_crossentropy", Losses.get("BinaryFocalCrossentropy").name());
    assertEquals("tversky", Losses.get("tversky").name());
    assertEquals(
        Loss.Kind.CATEGORICAL, Losses.get("categorical_focal_crossentropy").kind());
    var e = assertThrows(IllegalArgumentException.class, () -> Losses.get("ctc"));
    assertTrue(
        e.getMessage().contains("Unknown loss 'ctc'") && e.getMessage().contains("dice"),
        e.getMessage());
  }
}
