package io.tfweave.metrics;

import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.losses.Reduction;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Evaluation;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** The new reductions and metrics inside fit/evaluate: Keras's logged loss and updates, one key per vector entry. */
class NewLossesAndMetricsInFitTest {
  static float[][] matrix(JsonNode n) {
    float[][] m = new float[n.size()][n.get(0).size()];
    for (int i = 0; i < m.length; i++)
      for (int j = 0; j < m[i].length; j++) m[i][j] = (float) n.get(i).get(j).asDouble();
    return m;
  }

  @Test
  void everyReductionTrainsAndLogsAsKerasFit() throws Exception {
    JsonNode fits;
    try (InputStream in =
        getClass().getResourceAsStream("/io/tfweave/losses/keras_losses_metrics.json")) {
      fits = new ObjectMapper().readTree(in).get("fit");
    }
    for (JsonNode f : fits) {
      Reduction r = Reduction.of(f.get("reduction").asText());
      float[][] kernel = matrix(f.get("kernel"));
      try (Model m = Sequential.named("fit_" + r.kerasName())
          .input(3)
          .add(new Dense(2))
          .seed(1)
          .build()) {
        m.setWeights(List.of(StdArrays.ndCopyOf(kernel), NdArrays.ofFloats(Shape.of(2))));
        m.compile(
            Optimizers.sgd(f.get("learning_rate").asDouble()),
            Losses.meanSquaredError().reduction(r));
        History h = m.fit(
            Dataset.of(
                StdArrays.ndCopyOf(matrix(f.get("x"))), StdArrays.ndCopyOf(matrix(f.get("y")))),
            FitOptions.epochs(1)
                .batchSize(f.get("batch_size").asInt())
                .shuffle(false)
                .verbose(0));
        assertEquals(f.get("loss").asDouble(), h.last("loss"), 1e-5, r + ": logged loss");
        float[][] k = StdArrays.array2dCopyOf(m.getWeights().get(0));
        float[][] want = matrix(f.get("kernel_after"));
        for (int i = 0; i < 3; i++)
          for (int j = 0; j < 2; j++)
            assertEquals(want[i][j], k[i][j], 1e-5, r + ": kernel[" + i + "][" + j + "]");
        float[] b = new float[2];
        m.getWeights().get(1).copyTo(DataBuffers.of(b, false, false));
        for (int j = 0; j < 2; j++)
          assertEquals(f.get("bias_after").get(j).asDouble(), b[j], 1e-5, r + ": bias");
      }
    }
  }

  static final float[][] X = {{1, 0}, {0, 1}, {1, 1}, {-1, 2}, {0.5f, -0.5f}, {2, 1}};
  static final float[][] Y = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
  static final float[][] KERNEL = {{0.5f, -0.2f, 0.1f}, {0.3f, 0.4f, -0.6f}};

  @Test
  void vectorMetricsLogOneKeyPerEntryAndAccumulateOverBatches() {
    try (Model m = Sequential.named("vec")
        .input(2)
        .add(new Dense(3).activation(SOFTMAX))
        .seed(3)
        .build()) {
      m.setWeights(List.of(StdArrays.ndCopyOf(KERNEL), NdArrays.ofFloats(Shape.of(3))));
      m.compile(
          Optimizers.sgd(0.1),
          Losses.categoricalCrossentropy().reduction(Reduction.SUM),
          Metrics.f1Score(),
          Metrics.precision(0.3, 0.5),
          Metrics.topKCategoricalAccuracy(2));
      Dataset d = Dataset.of(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(Y));
      Evaluation inTwos = m.evaluate(d, 2);
      Evaluation whole = m.evaluate(d, 6);
      assertEquals(
          List.of(
              "loss",
              "f1_score_0",
              "f1_score_1",
              "f1_score_2",
              "precision_0",
              "precision_1",
              "top_k_categorical_accuracy"),
          List.copyOf(whole.keySet()));
      for (String k : whole.keySet())
        if (!k.equals("loss")) assertEquals(whole.get(k), inTwos.get(k), 1e-6, k);
      // hand-computed from the predictions: F1 per class (threshold none: the row's arg-max),
      // precision, top-2
      FloatNdArray p = m.predict(StdArrays.ndCopyOf(X));
      float[][] pr = StdArrays.array2dCopyOf(p);
      double[] tp = new double[3];
      double[] fp = new double[3];
      double[] fn = new double[3];
      double[] ptp = new double[2];
      double[] pfp = new double[2];
      double[] thresholds = {0.3, 0.5};
      int top2 = 0;
      double sumLoss = 0;
      for (int i = 0; i < 6; i++) {
        int arg = 0;
        for (int c = 1; c < 3; c++) if (pr[i][c] > pr[i][arg]) arg = c;
        int truth = Y[i][0] == 1 ? 0 : Y[i][1] == 1 ? 1 : 2;
        for (int c = 0; c < 3; c++) {
          boolean pos = c == arg;
          boolean t = c == truth;
          if (pos && t) tp[c]++;
          if (pos && !t) fp[c]++;
          if (!pos && t) fn[c]++;
          for (int k = 0; k < 2; k++) {
            if (pr[i][c] > thresholds[k]) {
              if (t) ptp[k]++;
              else pfp[k]++;
            }
          }
        }
        int better = 0;
        for (int c = 0; c < 3; c++) if (pr[i][c] > pr[i][truth]) better++;
        if (better < 2) top2++;
        sumLoss += -Math.log(pr[i][truth]);
      }
      for (int c = 0; c < 3; c++) {
        double prec = tp[c] / (tp[c] + fp[c] + 1e-7);
        double rec = tp[c] / (tp[c] + fn[c] + 1e-7);
        assertEquals(
            2 * prec * rec / (prec + rec + 1e-7), whole.get("f1_score_" + c), 1e-5, "f1 " + c);
      }
      for (int k = 0; k < 2; k++)
        assertEquals(
            ptp[k] / (ptp[k] + pfp[k]), whole.get("precision_" + k), 1e-6, "precision " + k);
      assertEquals(top2 / 6.0, whole.get("top_k_categorical_accuracy"), 1e-6);
      // reduction "sum": the logged loss is the batch-size-weighted mean of per-batch sums, as
      // Keras's tracker
      assertEquals(sumLoss, whole.loss(), 1e-4);
      assertEquals(sumLoss / 3, inTwos.loss(), 1e-4);
      History h = m.fit(d, FitOptions.epochs(2).batchSize(2).shuffle(false).verbose(0));
      assertTrue(
          h.asMap().keySet().containsAll(List.of("f1_score_0", "precision_1")),
          h.asMap().keySet().toString());
    }
  }

  @Test
  void aMeanMetricCompiledLikeATargetMetricSaysHowToFeedIt() {
    try (Model m = Sequential.named("mean")
        .input(2)
        .add(new Dense(3).activation(SOFTMAX))
        .seed(3)
        .build()) {
      m.compile(Optimizers.sgd(0.1), Losses.categoricalCrossentropy(), Metrics.mean("gen_loss"));
      var e = assertThrows(
          IllegalStateException.class,
          () -> m.evaluate(Dataset.of(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(Y)), 2));
      assertTrue(e.getMessage().contains("mean.update(tf, value)"), e.getMessage());
    }
  }
}
