package io.tfweave.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tfweave.metrics.Mean;
import io.tfweave.metrics.Metric;
import io.tfweave.metrics.MetricState;
import io.tfweave.metrics.Metrics;
import io.tfweave.metrics.Sum;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Every new metric against Keras 3's value after two {@code update_state} calls (committed fixture from
 * tools/make_loss_metric_fixtures.py), and its get_config(). Each metric is accumulated in a {@link MetricState} over
 * the same two batches, restarted with the concatenation (one update on all rows), and reset then accumulated again;
 * all three must give Keras's value.
 */
class KerasMetricFixtureTest {
  static final Map<String, Supplier<Metric>> CASES = Map.ofEntries(
      Map.entry("top_k", () -> Metrics.topKCategoricalAccuracy(2)),
      Map.entry("top_k_default", Metrics::topKCategoricalAccuracy),
      Map.entry("sparse_top_k", () -> Metrics.sparseTopKCategoricalAccuracy(2)),
      Map.entry("f1_none", Metrics::f1Score),
      Map.entry("f1_micro", () -> Metrics.f1Score().average("micro").threshold(0.3)),
      Map.entry("f1_macro", () -> Metrics.f1Score().average("macro").threshold(0.3)),
      Map.entry("f1_weighted", () -> Metrics.f1Score().average("weighted").threshold(0.3)),
      Map.entry("fbeta_macro", () -> Metrics.fBetaScore(2).average("macro").threshold(0.5)),
      Map.entry("mean_iou", () -> Metrics.meanIoU(3)),
      Map.entry("iou_02", () -> Metrics.iou(3, 0, 2)),
      Map.entry("mean_iou_probs", () -> Metrics.meanIoU(3).sparseYPred(false)),
      Map.entry("r2", Metrics::r2Score),
      Map.entry(
          "r2_variance", () -> Metrics.r2Score().classAggregation("variance_weighted_average")),
      Map.entry("r2_raw", () -> Metrics.r2Score().classAggregation(null)),
      Map.entry("r2_adjusted", () -> Metrics.r2Score().numRegressors(2)),
      Map.entry("rmse", Metrics::rootMeanSquaredError),
      Map.entry("msle", Metrics::meanSquaredLogarithmicError),
      Map.entry("precision_at_recall", () -> Metrics.precisionAtRecall(0.6)),
      Map.entry("precision_at_recall_10", () -> Metrics.precisionAtRecall(0.8).numThresholds(10)),
      Map.entry("recall_at_precision", () -> Metrics.recallAtPrecision(0.7)),
      Map.entry("auc_roc", Metrics::auc),
      Map.entry("auc_pr", () -> Metrics.auc().curve(io.tfweave.metrics.Auc.Curve.PR)),
      Map.entry("auc_pr_minoring", () -> Metrics.auc()
          .curve(io.tfweave.metrics.Auc.Curve.PR)
          .summationMethod(io.tfweave.metrics.Auc.Summation.MINORING)),
      Map.entry("auc_majoring", () -> Metrics.auc()
          .summationMethod(io.tfweave.metrics.Auc.Summation.MAJORING)
          .numThresholds(7)),
      Map.entry("auc_multi_label", () -> Metrics.auc().multiLabel(true)),
      Map.entry(
          "auc_pr_multi_label",
          () -> Metrics.auc().curve(io.tfweave.metrics.Auc.Curve.PR).multiLabel(true)),
      Map.entry("auc_thresholds", () -> Metrics.auc().thresholds(0.3, 0.5, 0.7)),
      Map.entry("precision_thresholds", () -> Metrics.precision(0.3, 0.7)),
      Map.entry("recall_threshold", () -> Metrics.recall(0.4)),
      Map.entry("mean", () -> Metrics.mean("my_value")),
      Map.entry("sum", () -> Metrics.sum("my_value")));

  @Test
  void everyMetricMatchesKerasOverTwoBatches() {
    Set<String> seen = new HashSet<>();
    int weighted = 0;
    for (JsonNode c : Fixtures.keras().get("metrics")) {
      String id = c.get("id").asText();
      Supplier<Metric> make = CASES.get(id);
      assertTrue(make != null, "no Java metric for fixture case " + id);
      seen.add(id);
      double[] expected = Fixtures.flat(c.get("value"));
      List<float[][][]> batches = new ArrayList<>();
      for (JsonNode b : c.get("batches")) {
        batches.add(
            b.has("values")
                ? new float[][][] {{KerasLossFixtureTest.toFloats(Fixtures.flat(b.get("values")))}}
                : new float[][][] {
                  Fixtures.matrix(b.get("y_true")), Fixtures.matrix(b.get("y_pred"))
                });
      }
      for (float[] got : accumulate(make.get(), batches, null))
        Fixtures.assertClose(id, expected, got, 1e-5);
      if (c.has("weighted_value")) {
        List<float[]> weights = new ArrayList<>();
        for (JsonNode w : c.get("sample_weights"))
          weights.add(KerasLossFixtureTest.toFloats(Fixtures.flat(w)));
        for (float[] got : accumulate(make.get(), batches, weights))
          Fixtures.assertClose(id + " weighted", Fixtures.flat(c.get("weighted_value")), got, 1e-5);
        weighted++;
      }
      Fixtures.assertSameConfig(id, c.get("config"), make.get().config());
      if (c.get("kwargs").isEmpty())
        assertEquals(make.get().config(), Metrics.get(c.get("class").asText()).config(), id);
    }
    assertEquals(CASES.keySet(), seen);
    assertEquals(
        CASES.size() - 2,
        weighted,
        "every metric but Mean/Sum is also checked as a weighted metric");
  }

  /**
   * The value after updating with each batch, after restarting with all rows at once, and after a reset followed by
   * the batch updates again.
   */
  static List<float[]> accumulate(Metric metric, List<float[][][]> batches, List<float[]> weights) {
    boolean values = metric instanceof Mean || metric instanceof Sum;
    float[][][] first = batches.get(0);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Placeholder<TFloat32>> in = new ArrayList<>();
      for (float[][] part : first) {
        long width = values ? -1 : part[0].length;
        in.add(tf.placeholder(
            TFloat32.class, Placeholder.shape(values ? Shape.of(-1) : Shape.of(-1, width))));
      }
      Placeholder<TFloat32> w =
          weights == null ? null : tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      MetricState state = values
          ? (metric instanceof Mean m
              ? m.update(tf, in.get(0))
              : ((Sum) metric).update(tf, in.get(0)))
          : new MetricState(
              tf,
              w == null
                  ? metric.build(tf, in.get(0), in.get(1), Loss.Kind.CATEGORICAL)
                  : metric.buildWeighted(tf, in.get(0), in.get(1), Loss.Kind.CATEGORICAL, w));
      if (w != null) in.add(w);
      List<float[][][]> fed = new ArrayList<>();
      for (int k = 0; k < batches.size(); k++) {
        float[][][] b = batches.get(k);
        fed.add(w == null ? b : new float[][][] {b[0], b[1], {weights.get(k)}});
      }
      List<float[]> out = new ArrayList<>();
      for (float[][][] b : fed) run(s, in, b, state.update(), null);
      out.add(run(s, in, null, null, state.result()));
      float[][][] all = concat(batches);
      if (w != null) {
        float[] ws = new float[all[0].length];
        int i = 0;
        for (float[] part : weights) for (float x : part) ws[i++] = x;
        all = new float[][][] {all[0], all[1], {ws}};
      }
      run(s, in, all, state.restart(), null);
      out.add(run(s, in, null, null, state.result()));
      run(s, in, null, state.reset(), null);
      for (float[][][] b : fed) run(s, in, b, state.update(), null);
      out.add(run(s, in, null, null, state.result()));
      return out;
    }
  }

  private static float[][][] concat(List<float[][][]> batches) {
    float[][][] all = new float[batches.get(0).length][][];
    for (int k = 0; k < all.length; k++) {
      List<float[]> rows = new ArrayList<>();
      for (float[][][] b : batches) rows.addAll(List.of(b[k]));
      all[k] = rows.toArray(new float[0][]);
    }
    if (all.length == 1 && all[0].length > 1 && batches.get(0)[0].length == 1) {
      // a Mean/Sum batch is one row of values: the concatenation is one longer row
      List<Float> v = new ArrayList<>();
      for (float[] r : all[0]) for (float x : r) v.add(x);
      float[] row = new float[v.size()];
      for (int i = 0; i < row.length; i++) row[i] = v.get(i);
      all[0] = new float[][] {row};
    }
    return all;
  }

  private static float[] run(
      Session s,
      List<Placeholder<TFloat32>> in,
      float[][][] batch,
      org.tensorflow.op.Op target,
      Operand<TFloat32> fetch) {
    var r = s.runner();
    List<TFloat32> fed = new ArrayList<>();
    try {
      if (batch != null) {
        for (int k = 0; k < in.size(); k++) {
          TFloat32 t = in.get(k).shape().numDimensions() == 1
              ? TFloat32.vectorOf(batch[k][0])
              : TFloat32.tensorOf(StdArrays.ndCopyOf(batch[k]));
          fed.add(t);
          r.feed(in.get(k), t);
        }
      }
      if (target != null) r.addTarget(target);
      if (fetch == null) {
        r.run().close();
        return null;
      }
      try (var res = r.fetch(fetch).run()) {
        TFloat32 t = (TFloat32) res.get(0);
        float[] v = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(v, false, false));
        return v;
      }
    } finally {
      fed.forEach(TFloat32::close);
    }
  }
}
