package io.tfweave.training;

import static io.tfweave.training.SampleWeightTest.W;
import static io.tfweave.training.SampleWeightTest.X;
import static io.tfweave.training.SampleWeightTest.Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Weighted validation as Keras 3's: {@code validationSplit} splits the sample weights with the samples, {@code
 * validation(data, w)} brings its own, class weights weigh training only; {@code val_loss} and the weighted metrics are
 * checked against Java arithmetic on {@code predict} after the epoch.
 */
class ValidationWeightTest {
  /** Rows 3, 4, 5 are the validation part of a 0.5 split; their weights are 0, 3 and 1. */
  static final int CUT = 3;

  static Model compiled() {
    Model m = SampleWeightTest.fixed();
    m.compile(
        Optimizers.sgd(0.1),
        Losses.sparseCategoricalCrossentropy(),
        List.of(Metrics.accuracy()),
        List.of(Metrics.accuracy()));
    return m;
  }

  /** {sum(w * ce) / n, sum(w * hit) / sum(w), sum(hit) / n} of rows {@code [from, 6)} under the model's weights now. */
  static double[] expected(Model m, float[] w, int from) {
    int n = 6 - from;
    FloatNdArray p = m.predict(Dataset.ofArrays(
        List.of(HostArray.ofFloats(Arrays.copyOfRange(X, 2 * from, 12), n, 2)), (HostArray) null));
    double loss = 0;
    double hits = 0;
    double weightedHits = 0;
    double wsum = 0;
    for (int k = 0; k < n; k++) {
      int i = from + k;
      int arg = 0;
      for (int j = 1; j < 3; j++) if (p.getFloat(k, j) > p.getFloat(k, arg)) arg = j;
      double hit = arg == Y[i] ? 1 : 0;
      loss -= w[i] * Math.log(p.getFloat(k, Y[i]));
      hits += hit;
      weightedHits += w[i] * hit;
      wsum += w[i];
    }
    return new double[] {loss / n, weightedHits / wsum, hits / n};
  }

  static void assertLogs(double[] want, History h) {
    assertEquals(want[0], h.last("val_loss"), 1e-5, "sum(w * loss) / validation samples");
    assertEquals(want[1], h.last("val_weighted_accuracy"), 1e-6);
    assertEquals(want[2], h.last("val_accuracy"), 1e-6, "the unweighted metric stays unweighted");
  }

  @Test
  void theSplitCarriesTheHeldOutWeightsIntoValLoss() {
    try (Model m = compiled()) {
      // batch 2: the three validation rows come in batches of 2 and 1, weighted by their sizes
      History h = m.fit(
          ArraySampleWeightTest.data(),
          FitOptions.epochs(1)
              .batchSize(2)
              .shuffle(false)
              .validationSplit(0.5)
              .sampleWeight(HostArray.ofFloats(W, 6))
              .verbose(0));
      double[] want = expected(m, W, CUT);
      assertLogs(want, h);
      double[] unweighted = expected(m, new float[] {1, 1, 1, 1, 1, 1}, CUT);
      assertTrue(Math.abs(want[0] - unweighted[0]) > 1e-3, "the weights matter here");
    }
  }

  @Test
  void chunkedArraysSplitAcrossAChunk() {
    HostArray x = HostArray.ofChunks(List.of(
        HostArray.ofFloats(Arrays.copyOfRange(X, 0, 8), 4, 2),
        HostArray.ofFloats(Arrays.copyOfRange(X, 8, 12), 2, 2)));
    HostArray y = HostArray.ofChunks(List.of(
        HostArray.ofInts(Arrays.copyOfRange(Y, 0, 4), 4),
        HostArray.ofInts(Arrays.copyOfRange(Y, 4, 6), 2)));
    HostArray w = HostArray.ofChunks(List.of(
        HostArray.ofFloats(Arrays.copyOfRange(W, 0, 4), 4),
        HostArray.ofFloats(Arrays.copyOfRange(W, 4, 6), 2)));
    try (Model m = compiled()) {
      History h = m.fit(
          Dataset.ofArrays(List.of(x), y),
          FitOptions.epochs(1)
              .batchSize(2)
              .shuffle(false)
              .validationSplit(0.5)
              .sampleWeight(w)
              .verbose(0));
      assertLogs(expected(m, W, CUT), h);
    }
  }

  @Test
  void validationDataTakesItsOwnWeightsAndClassWeightsStayInTraining() {
    float[] valW = {0, 0, 0, 2, 0.5f, 4};
    Dataset val = Dataset.ofArrays(
        List.of(HostArray.ofFloats(Arrays.copyOfRange(X, 6, 12), 3, 2)),
        HostArray.ofInts(Arrays.copyOfRange(Y, 3, 6), 3));
    try (Model m = compiled()) {
      History h = m.fit(
          ArraySampleWeightTest.data(),
          FitOptions.epochs(1)
              .batchSize(2)
              .sampleWeight(HostArray.ofFloats(W, 6))
              .classWeight(Map.of(0, 5.0, 2, 0.25))
              .validation(val, HostArray.ofFloats(Arrays.copyOfRange(valW, 3, 6), 3))
              .verbose(0));
      assertLogs(expected(m, valW, CUT), h);
    }
    try (Model m = compiled()) {
      // the training weights do not weigh separate validation data given without its own
      History h = m.fit(
          ArraySampleWeightTest.data(),
          FitOptions.epochs(1)
              .batchSize(2)
              .sampleWeight(HostArray.ofFloats(W, 6))
              .validation(val)
              .verbose(0));
      assertLogs(expected(m, new float[] {1, 1, 1, 1, 1, 1}, CUT), h);
    }
  }

  @Test
  void badValidationWeightsAreNamed() {
    Dataset val = Dataset.ofArrays(
        List.of(HostArray.ofFloats(Arrays.copyOfRange(X, 6, 12), 3, 2)),
        HostArray.ofInts(Arrays.copyOfRange(Y, 3, 6), 3));
    try (Model m = compiled()) {
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              ArraySampleWeightTest.data(),
              FitOptions.epochs(1)
                  .validation(val, HostArray.ofFloats(new float[2], 2))
                  .verbose(0)));
      assertTrue(
          e.getMessage()
              .contains("validation sampleWeight has 2 weights, but the validation data has 3"),
          e.getMessage());
      var byName = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              ArraySampleWeightTest.data(),
              FitOptions.epochs(1)
                  .validation(val, Map.of("out", HostArray.ofFloats(new float[3], 3)))
                  .verbose(0)));
      assertTrue(byName.getMessage().contains("several outputs"), byName.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(1)
        .validation(val, HostArray.ofFloats(new float[] {1, -1, 0}, 3)));
  }
}
