package io.tfweave.training;

import static io.tfweave.training.SampleWeightTest.KERNEL;
import static io.tfweave.training.SampleWeightTest.W;
import static io.tfweave.training.SampleWeightTest.X;
import static io.tfweave.training.SampleWeightTest.Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metric;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code FitOptions.sampleWeight} for arrays and Keras's {@code weighted_metrics}, against hand-computed values. */
class ArraySampleWeightTest {
  static Dataset data() {
    return Dataset.ofArrays(List.of(HostArray.ofFloats(X, 6, 2)), HostArray.ofInts(Y, 6));
  }

  /** Per-sample cross-entropy and correctness at the fixed initial weights. */
  static double[][] perSample() {
    double[][] out = new double[6][2];
    for (int i = 0; i < 6; i++) {
      double[] z = new double[3];
      for (int j = 0; j < 3; j++) z[j] = X[2 * i] * KERNEL[j] + X[2 * i + 1] * KERNEL[3 + j];
      double norm = Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]));
      int arg = z[0] >= z[1] && z[0] >= z[2] ? 0 : z[1] >= z[2] ? 1 : 2;
      out[i][0] = norm - z[Y[i]];
      out[i][1] = arg == Y[i] ? 1 : 0;
    }
    return out;
  }

  @Test
  void weightedLossAndMetricsEqualHandComputedWeightedMeans() {
    double[][] s = perSample();
    double loss = 0;
    double hits = 0;
    double weightedHits = 0;
    double wsum = 0;
    for (int i = 0; i < 6; i++) {
      loss += W[i] * s[i][0];
      hits += s[i][1];
      weightedHits += W[i] * s[i][1];
      wsum += W[i];
    }
    try (Model m = SampleWeightTest.fixed()) {
      m.compile(
          Optimizers.sgd(0.1),
          Losses.sparseCategoricalCrossentropy(),
          List.of(Metrics.accuracy()),
          List.of(Metrics.accuracy()));
      // One batch of all six samples: the logged values are those of the initial weights.
      History h = m.fit(
          data(),
          FitOptions.epochs(1)
              .batchSize(6)
              .shuffle(false)
              .sampleWeight(HostArray.ofFloats(W, 6))
              .verbose(0));
      assertEquals(loss / 6, h.get("loss").get(0), 1e-5, "sum(w * loss) / batch size");
      assertEquals(hits / 6, h.get("accuracy").get(0), 1e-6);
      assertEquals(weightedHits / wsum, h.get("weighted_accuracy").get(0), 1e-6);
      assertTrue(Math.abs(hits / 6 - weightedHits / wsum) > 0.05, "the weights matter here");
    }
  }

  @Test
  void arraysWithWeightsTrainAsThePipelineWithTheSameWeights() {
    try (Model a = SampleWeightTest.fixed();
        Model b = SampleWeightTest.fixed()) {
      a.fit(
          data(),
          FitOptions.epochs(3)
              .batchSize(4)
              .shuffle(false)
              .sampleWeight(HostArray.ofFloats(W, 6, 1))
              .verbose(0));
      b.fit(
          Pipeline.fromArrays(SampleWeightTest.arrays(W)).batch(4).sampleWeight("w"),
          FitOptions.epochs(3).verbose(0));
      PipelineFitTest.assertSameWeights(a, b);
    }
  }

  @Test
  void badWeightsAreNamed() {
    try (Model m = SampleWeightTest.fixed()) {
      var n = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              data(),
              FitOptions.epochs(1)
                  .sampleWeight(HostArray.ofFloats(new float[5], 5))
                  .verbose(0)));
      assertTrue(
          n.getMessage().contains("sampleWeight has 5 weights, but x has 6"), n.getMessage());
      assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(1)
          .sampleWeight(HostArray.ofFloats(new float[] {1, -1}, 2)));
      // a metric that does not use the weights cannot be a weighted metric (AUC and the other
      // confusion-count metrics can)
      Metric largest = new Metric() {
        public String name() {
          return "largest";
        }

        public Stats build(
            org.tensorflow.op.Ops tf,
            org.tensorflow.Operand<org.tensorflow.types.TFloat32> yTrue,
            org.tensorflow.Operand<org.tensorflow.types.TFloat32> yPred,
            io.tfweave.losses.Loss.Kind kind) {
          return new Stats(List.of(sumAll(tf, yPred)), s -> s.get(0));
        }
      };
      m.compile(
          Optimizers.sgd(0.1), Losses.sparseCategoricalCrossentropy(), List.of(), List.of(largest));
      var custom = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(data(), FitOptions.epochs(1).batchSize(6).verbose(0)));
      assertTrue(custom.getMessage().contains("cannot be weighted"), custom.getMessage());
      // an unweighted full-batch epoch (the whole batch fed, no indices) with a weighted metric
      m.compile(
          Optimizers.sgd(0.1),
          Losses.sparseCategoricalCrossentropy(),
          List.of(),
          List.of(Metrics.get("accuracy")));
      double acc = m.fit(data(), FitOptions.epochs(1).batchSize(6).verbose(0)).last("accuracy");
      assertTrue(acc >= 0 && acc <= 1, "weighted accuracy of a full-batch epoch: " + acc);
    }
  }
}
