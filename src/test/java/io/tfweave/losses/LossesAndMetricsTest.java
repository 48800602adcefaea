package io.tfweave.losses;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.metrics.Metric;
import io.tfweave.metrics.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Losses and metrics against values computed by hand (in double precision) in the test. */
class LossesAndMetricsTest {
  static final float[][] P = {{0.9f}, {0.2f}, {0.6f}, {0.4f}};
  static final float[][] Y = {{1f}, {0f}, {0f}, {1f}};

  static double eval(java.util.function.Function<Ops, Operand<TFloat32>> f) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = f.apply(tf);
      try (var r = s.runner().fetch(out).run()) {
        return ((TFloat32) r.get(0)).getFloat();
      }
    }
  }

  @Test
  void binaryCrossentropyFromProbabilitiesAndLogits() {
    double expected = 0;
    for (int i = 0; i < 4; i++)
      expected -= Y[i][0] * Math.log(P[i][0]) + (1 - Y[i][0]) * Math.log(1 - P[i][0]);
    expected /= 4;
    final double e = expected;
    assertEquals(
        e,
        eval(tf -> Losses.binaryCrossentropy().compute(tf, tf.constant(Y), tf.constant(P), null)),
        1e-6);
    float[][] z = new float[4][1];
    for (int i = 0; i < 4; i++) z[i][0] = (float) Math.log(P[i][0] / (1 - P[i][0]));
    assertEquals(
        e,
        eval(tf -> Losses.binaryCrossentropyFromLogits()
            .compute(tf, tf.constant(Y), tf.constant(z), null)),
        1e-5);
    // logits recorded from a sigmoid output are used instead of the clipped probabilities
    assertEquals(
        e,
        eval(tf -> Losses.binaryCrossentropy()
            .compute(tf, tf.constant(Y), tf.constant(P), tf.constant(z))),
        1e-5);
  }

  @Test
  void probabilitiesAreClippedLikeKeras() {
    double expected = -Math.log(1e-7) / 2; // a confident wrong prediction costs -log(epsilon)
    assertEquals(
        expected,
        eval(tf -> Losses.binaryCrossentropy()
            .compute(
                tf,
                tf.constant(new float[][] {{1}, {0}}),
                tf.constant(new float[][] {{0}, {0}}),
                null)),
        1e-3);
  }

  @Test
  void categoricalAndSparseCategorical() {
    float[][] p = {{0.7f, 0.2f, 0.1f}, {0.1f, 0.3f, 0.6f}};
    float[][] oneHot = {{1, 0, 0}, {0, 1, 0}};
    double expected = -(Math.log(0.7) + Math.log(0.3)) / 2;
    assertEquals(
        expected,
        eval(tf -> Losses.categoricalCrossentropy()
            .compute(tf, tf.constant(oneHot), tf.constant(p), null)),
        1e-6);
    assertEquals(
        expected,
        eval(tf -> Losses.sparseCategoricalCrossentropy()
            .compute(tf, tf.constant(new float[] {0, 1}), tf.constant(p), null)),
        1e-6);
    float[][] logits = {{2f, 0f, -1f}, {0f, 1f, 3f}};
    double l0 = 2 - Math.log(Math.exp(2) + 1 + Math.exp(-1));
    double l1 = 1 - Math.log(1 + Math.E + Math.exp(3));
    assertEquals(
        -(l0 + l1) / 2,
        eval(tf -> Losses.sparseCategoricalCrossentropyFromLogits()
            .compute(tf, tf.constant(new float[][] {{0}, {1}}), tf.constant(logits), null)),
        1e-5);
  }

  @Test
  void regressionLosses() {
    float[][] t = {{1, 2}, {3, 4}};
    float[][] p = {{1.5f, 0}, {3, 7}};
    assertEquals(
        (0.25 + 4 + 0 + 9) / 4,
        eval(tf -> Losses.meanSquaredError().compute(tf, tf.constant(t), tf.constant(p), null)),
        1e-6);
    assertEquals(
        (0.5 + 2 + 0 + 3) / 4,
        eval(tf -> Losses.meanAbsoluteError().compute(tf, tf.constant(t), tf.constant(p), null)),
        1e-6);
    // Huber delta 1: 0.5*0.25, 1*(2-0.5), 0, 1*(3-0.5)
    assertEquals(
        (0.125 + 1.5 + 0 + 2.5) / 4,
        eval(tf -> Losses.huber().compute(tf, tf.constant(t), tf.constant(p), null)),
        1e-6);
  }

  static double metric(Metric m, float[][] yTrue, float[][] yPred, Loss.Kind kind) {
    return eval(tf -> {
      Metric.Stats s = m.build(tf, tf.constant(yTrue), tf.constant(yPred), kind);
      return s.result().apply(s.batchSums());
    });
  }

  @Test
  void accuracyResolution() {
    assertEquals(
        0.5,
        metric(Metrics.accuracy(), Y, P, Loss.Kind.BINARY),
        1e-7); // 0.9→1 ok, 0.2→0 ok, 0.6→1 wrong, 0.4→0 wrong
    float[][] p = {{0.7f, 0.2f, 0.1f}, {0.1f, 0.3f, 0.6f}, {0.2f, 0.5f, 0.3f}};
    float[][] oneHot = {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}};
    assertEquals(2.0 / 3, metric(Metrics.accuracy(), oneHot, p, Loss.Kind.CATEGORICAL), 1e-6);
    assertEquals(
        2.0 / 3,
        metric(Metrics.accuracy(), new float[][] {{0}, {1}, {1}}, p, Loss.Kind.SPARSE_CATEGORICAL),
        1e-6);
  }

  @Test
  void precisionRecallMaeMse() {
    // predicted positive: rows 0 and 2; true positive: rows 0 and 3 → TP 1, FP 1, FN 1
    assertEquals(0.5, metric(Metrics.precision(), Y, P, Loss.Kind.BINARY), 1e-7);
    assertEquals(0.5, metric(Metrics.recall(), Y, P, Loss.Kind.BINARY), 1e-7);
    assertEquals(
        (0.1 + 0.2 + 0.6 + 0.6) / 4,
        metric(Metrics.meanAbsoluteError(), Y, P, Loss.Kind.BINARY),
        1e-6);
    assertEquals(
        (0.01 + 0.04 + 0.36 + 0.36) / 4,
        metric(Metrics.meanSquaredError(), Y, P, Loss.Kind.BINARY),
        1e-6);
  }

  @Test
  void aucMatchesTheRankStatistic() {
    // ROC AUC = P(score of a positive > score of a negative): pairs (0.9 vs 0.2, 0.6) and (0.4 vs
    // 0.2, 0.6) → 3 of 4
    assertEquals(0.75, metric(Metrics.auc(), Y, P, Loss.Kind.BINARY), 1e-3);
    float[][] y = new float[200][1];
    float[][] p = new float[200][1];
    java.util.Random r = new java.util.Random(3);
    int[] pos = new int[200];
    for (int i = 0; i < 200; i++) {
      y[i][0] = r.nextBoolean() ? 1 : 0;
      p[i][0] =
          (float) Math.min(1, Math.max(0, 0.5 + 0.3 * (y[i][0] - 0.5) + 0.25 * r.nextGaussian()));
    }
    double wins = 0;
    double pairs = 0;
    for (int i = 0; i < 200; i++) {
      for (int j = 0; j < 200; j++) {
        if (y[i][0] == 1 && y[j][0] == 0) {
          pairs++;
          wins += p[i][0] > p[j][0] ? 1 : p[i][0] == p[j][0] ? 0.5 : 0;
        }
      }
    }
    assertEquals(wins / pairs, metric(Metrics.auc(), y, p, Loss.Kind.BINARY), 5e-3);
    assertEquals(200, pos.length);
  }

  @Test
  void unknownNamesListTheChoices() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Losses.byName("no_such_loss"))
        .getMessage()
        .contains("huber"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Metrics.byName("no_such_metric"))
        .getMessage()
        .contains("auc"));
    assertEquals(List.of("mean_squared_error"), List.of(Losses.byName("mse").name()));
  }
}
