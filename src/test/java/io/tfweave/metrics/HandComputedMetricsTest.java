package io.tfweave.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.losses.Loss;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The new metrics against values computed in the test in double precision, from one batch. */
class HandComputedMetricsTest {
  static float[] value(Metric m, float[][] yTrue, float[][] yPred) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Metric.Stats st = m.build(tf, tf.constant(yTrue), tf.constant(yPred), Loss.Kind.CATEGORICAL);
      Operand<TFloat32> out = st.result().apply(st.batchSums());
      try (var r = s.runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] v = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(v, false, false));
        return v;
      }
    }
  }

  static double scalar(Metric m, float[][] yTrue, float[][] yPred) {
    float[] v = value(m, yTrue, yPred);
    assertEquals(1, v.length, m.name() + " is a scalar");
    return v[0];
  }

  static final float[][] ONE_HOT = {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {0, 1, 0}};
  static final float[][] PROBS = {
    {0.2f, 0.5f, 0.3f}, {0.3f, 0.45f, 0.25f}, {0.1f, 0.6f, 0.3f}, {0.5f, 0.4f, 0.1f}
  };

  @Test
  void topK() {
    // ranks of the true class: 1, 2, 2, 2 → top-1 1/4, top-2 4/4
    assertEquals(0.25, scalar(Metrics.topKCategoricalAccuracy(1), ONE_HOT, PROBS), 1e-7);
    assertEquals(1.0, scalar(Metrics.topKCategoricalAccuracy(2), ONE_HOT, PROBS), 1e-7);
    float[][] ids = {{1}, {0}, {2}, {1}};
    assertEquals(0.25, scalar(Metrics.sparseTopKCategoricalAccuracy(1), ids, PROBS), 1e-7);
    assertEquals(1.0, scalar(Metrics.sparseTopKCategoricalAccuracy(), ids, PROBS), 1e-7);
  }

  @Test
  void fScores() {
    // arg-max predictions: 1, 1, 1, 0 → class 0: tp 0 fp 1 fn 1; class 1: tp 1 fp 2 fn 1; class 2:
    // tp 0 fp 0 fn 1
    double p1 = 1 / 3.0;
    double r1 = 0.5;
    double f1c1 = 2 * p1 * r1 / (p1 + r1);
    float[] perClass = value(Metrics.f1Score(), ONE_HOT, PROBS);
    assertArrayEquals(new float[] {0, (float) f1c1, 0}, perClass, 1e-5f);
    assertEquals(f1c1 / 3, scalar(Metrics.f1Score().average("macro"), ONE_HOT, PROBS), 1e-5);
    // weighted by true counts 1, 2, 1
    assertEquals(f1c1 * 2 / 4, scalar(Metrics.f1Score().average("weighted"), ONE_HOT, PROBS), 1e-5);
    // micro: tp 1, fp 3, fn 3 pooled
    assertEquals(0.25, scalar(Metrics.f1Score().average("micro"), ONE_HOT, PROBS), 1e-5);
    // F2 at threshold 0.35: predicted 1 where p > 0.35
    double tp = 0;
    double fp = 0;
    double fn = 0;
    for (int i = 0; i < 4; i++)
      for (int c = 0; c < 3; c++) {
        boolean pos = PROBS[i][c] > 0.35;
        if (pos && ONE_HOT[i][c] == 1) tp++;
        if (pos && ONE_HOT[i][c] == 0) fp++;
        if (!pos && ONE_HOT[i][c] == 1) fn++;
      }
    double pr = tp / (tp + fp);
    double rc = tp / (tp + fn);
    assertEquals(
        5 * pr * rc / (4 * pr + rc),
        scalar(Metrics.fBetaScore(2).average("micro").threshold(0.35), ONE_HOT, PROBS),
        1e-5);
    assertThrows(IllegalArgumentException.class, () -> Metrics.f1Score().average("samples"));
  }

  @Test
  void iou() {
    float[][] t = {{0}, {0}, {1}, {2}, {2}, {1}};
    float[][] p = {{0}, {1}, {1}, {2}, {0}, {1}};
    // class 0: tp 1, row 2, col 2 → 1/3; class 1: tp 2, row 2, col 3 → 2/3; class 2: tp 1, row 2,
    // col 1 → 1/2
    assertEquals((1 / 3.0 + 2 / 3.0 + 0.5) / 3, scalar(Metrics.meanIoU(3), t, p), 1e-6);
    assertEquals((1 / 3.0 + 0.5) / 2, scalar(Metrics.iou(3, 0, 2), t, p), 1e-6);
    // a class never seen nor predicted does not count
    assertEquals((1 / 3.0 + 2 / 3.0 + 0.5) / 3, scalar(Metrics.meanIoU(4), t, p), 1e-6);
    // ignoring class-2 targets leaves (0,0), (0,1), (1,1), (1,1): class 0 → 1/2, class 1 → 2/3,
    // class 2 unseen
    assertEquals((0.5 + 2 / 3.0) / 2, scalar(Metrics.meanIoU(3).ignoreClass(2), t, p), 1e-6);
    var e = assertThrows(IllegalArgumentException.class, () -> Metrics.iou(3, 5));
    assertTrue(e.getMessage().contains("target_class_ids"), e.getMessage());
  }

  @Test
  void regression() {
    float[][] t = {{1, 10}, {2, 20}, {3, 30}};
    float[][] p = {{1.5f, 12}, {2, 18}, {2.5f, 31}};
    double[] r2 = new double[2];
    double mse = 0;
    double msle = 0;
    for (int c = 0; c < 2; c++) {
      double mean = (t[0][c] + t[1][c] + t[2][c]) / 3;
      double ssTot = 0;
      double ssRes = 0;
      for (int i = 0; i < 3; i++) {
        ssTot += Math.pow(t[i][c] - mean, 2);
        ssRes += Math.pow(t[i][c] - p[i][c], 2);
        mse += Math.pow(t[i][c] - p[i][c], 2) / 6;
        msle += Math.pow(Math.log(p[i][c] + 1) - Math.log(t[i][c] + 1), 2) / 6;
      }
      r2[c] = 1 - ssRes / ssTot;
    }
    assertEquals((r2[0] + r2[1]) / 2, scalar(Metrics.r2Score(), t, p), 1e-5);
    assertArrayEquals(
        new float[] {(float) r2[0], (float) r2[1]},
        value(Metrics.r2Score().classAggregation(null), t, p),
        1e-5f);
    double r2m = (r2[0] + r2[1]) / 2;
    // adjusted with n = 6 entries, p = 1 regressor
    assertEquals(1 - (1 - r2m) * 5 / 4, scalar(Metrics.r2Score().numRegressors(1), t, p), 1e-5);
    assertEquals(Math.sqrt(mse), scalar(Metrics.rootMeanSquaredError(), t, p), 1e-5);
    assertEquals(msle, scalar(Metrics.meanSquaredLogarithmicError(), t, p), 1e-6);
  }

  static final float[][] Y = {{1}, {0}, {1}, {1}, {0}};
  static final float[][] S = {{0.9f}, {0.8f}, {0.6f}, {0.3f}, {0.1f}};

  @Test
  void thresholdMetrics() {
    // precision at 0.5: predicted 0.9, 0.8, 0.6 → 2 of 3; at 0.7: 0.9, 0.8 → 1 of 2
    assertArrayEquals(new float[] {2 / 3f, 0.5f}, value(Metrics.precision(0.5, 0.7), Y, S), 1e-6f);
    assertEquals(2 / 3.0, scalar(Metrics.recall(0.5), Y, S), 1e-6);
    assertEquals(1.0, scalar(Metrics.recall(0.2), Y, S), 1e-6);
    // by threshold t: t < 0.1 → P 3/5 R 1; 0.1 ≤ t < 0.3 → P 3/4 R 1; 0.3 ≤ t < 0.6 → P 2/3 R 2/3;
    // 0.6 ≤ t < 0.8 → P 1/2 R 1/3; 0.8 ≤ t < 0.9 → P 1 R 1/3
    assertEquals(0.75, scalar(Metrics.precisionAtRecall(0.6), Y, S), 1e-6);
    assertEquals(1.0, scalar(Metrics.recallAtPrecision(0.75), Y, S), 1e-6);
    assertEquals(1 / 3.0, scalar(Metrics.recallAtPrecision(0.9), Y, S), 1e-6);
    // two thresholds, 0 and 1: only t = 0 predicts anything (P 3/5, R 1)
    assertEquals(0.6, scalar(Metrics.precisionAtRecall(0.5).numThresholds(2), Y, S), 1e-6);
    assertEquals(
        0.0,
        scalar(Metrics.recallAtPrecision(1.0).numThresholds(3), Y, new float[][] {
          {0}, {1}, {0}, {0}, {1}
        }),
        1e-6,
        "no threshold reaches the precision");
  }

  @Test
  void aucCurves() {
    // with well-separated scores every curve is exact: PR area 1 when positives rank first
    float[][] y = {{1}, {1}, {0}, {0}};
    float[][] s = {{0.9f}, {0.7f}, {0.3f}, {0.2f}};
    assertEquals(1.0, scalar(Metrics.auc().curve(Auc.Curve.PR), y, s), 1e-5);
    assertEquals(1.0, scalar(Metrics.auc(), y, s), 1e-5);
    // scores 0.9(+), 0.6(−), 0.4(+) by threshold: t < 0.4 → R 1 P 2/3; 0.4 ≤ t < 0.6 → R ½ P ½;
    // 0.6 ≤ t < 0.9 → R ½ P 1; t ≥ 0.9 → R 0 P 0. The recall drops 1 → ½ (heights min/max of 2/3,
    // ½)
    // and ½ → 0 (heights min/max of 1, 0)
    float[][] y3 = {{1}, {0}, {1}};
    float[][] s3 = {{0.9f}, {0.6f}, {0.4f}};
    assertEquals(
        0.25,
        scalar(Metrics.auc().curve(Auc.Curve.PR).summationMethod(Auc.Summation.MINORING), y3, s3),
        1e-6);
    assertEquals(
        0.5 * (2 / 3.0) + 0.5,
        scalar(Metrics.auc().curve(Auc.Curve.PR).summationMethod(Auc.Summation.MAJORING), y3, s3),
        1e-6);
    // multi-label: the mean of the per-label ROC areas (label 0 perfect, label 1 reversed)
    float[][] ym = {{1, 0}, {0, 1}};
    float[][] sm = {{0.8f, 0.7f}, {0.2f, 0.3f}};
    assertEquals(0.5, scalar(Metrics.auc().multiLabel(true), ym, sm), 1e-5);
    // pooled (multi_label false): positives 0.8, 0.3 vs negatives 0.7, 0.2 → 3 of 4 pairs
    assertEquals(0.75, scalar(Metrics.auc(), ym, sm), 1e-2);
  }

  @Test
  void meanAndSumOfCustomValues() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var ph = tf.placeholder(TFloat32.class);
      Operand<TFloat32> v =
          tf.reshape(ph, tf.constant(new int[] {-1, 2})); // [batch, 2]: a mean per sample
      MetricState mean = Metrics.mean("my_mean").update(tf, v);
      MetricState sum = Metrics.sum("my_sum").update(tf, v);
      float[][] batches = {{1, 3, 5, 7}, {10, 20}};
      for (float[] b : batches) {
        try (TFloat32 t = TFloat32.vectorOf(b)) {
          s.runner()
              .feed(ph, t)
              .addTarget(mean.update())
              .addTarget(sum.update())
              .run()
              .close();
        }
      }
      try (var r = s.runner().fetch(mean.result()).fetch(sum.result()).run()) {
        assertEquals((2 + 6 + 15) / 3.0, ((TFloat32) r.get(0)).getFloat(), 1e-6);
        assertEquals(46, ((TFloat32) r.get(1)).getFloat(), 1e-6);
      }
      s.runner().addTarget(mean.reset()).run().close();
      try (var r = s.runner().fetch(mean.result()).run()) {
        assertEquals(0, ((TFloat32) r.get(0)).getFloat(), 0, "reset: divide_no_nan of zeros");
      }
    }
    // weighted: Σ w v / Σ w for Mean, Σ w v for Sum (a sample's weight spread over its entries)
    float[][] v = {{1, 3}, {5, 7}, {10, 20}};
    float[] w = {1, 0, 2};
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Metric.Stats ms = Metrics.mean("m").stats(tf, tf.constant(v), tf.constant(w));
      Metric.Stats ss = Metrics.sum("s").stats(tf, tf.constant(v), tf.constant(w));
      try (var r = s.runner()
          .fetch(ms.result().apply(ms.batchSums()))
          .fetch(ss.result().apply(ss.batchSums()))
          .run()) {
        assertEquals((1 * 2 + 2 * 15) / 3.0, ((TFloat32) r.get(0)).getFloat(), 1e-6);
        assertEquals(1 * 4 + 2 * 30, ((TFloat32) r.get(1)).getFloat(), 1e-6);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Metrics.mean(" "));
  }

  @Test
  void names() {
    assertEquals(
        "top_k_categorical_accuracy", Metrics.get("top_k_categorical_accuracy").name());
    assertEquals("f1_score", Metrics.get("F1Score").name());
    assertEquals(
        "root_mean_squared_error", Metrics.get("root_mean_squared_error").name());
    assertEquals("mean_squared_logarithmic_error", Metrics.get("msle").name());
    assertEquals("r2_score", Metrics.get("r2_score").name());
    var e = assertThrows(IllegalArgumentException.class, () -> Metrics.get("mean_io_u"));
    assertTrue(e.getMessage().contains("Metrics.meanIoU(numClasses)"), e.getMessage());
  }
}
