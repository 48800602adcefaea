package io.tfweave.layers;

import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import io.tfweave.training.FitOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNormalizationTest {
  @Test
  void basics() {
    LayerTester.of(BatchNormalization::new)
        .inputShape(4, 3, 3, 2)
        .expectOutputShape(4, 3, 3, 2)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(2)
        .run();
    // The loss before/after one step is evaluated with the moving statistics, which the step itself
    // changes (by 1 − momentum
    // of the gap to the batch statistics): "one step lowers the loss" holds only by luck there, so
    // the next two skip it.
    LayerTester.of(() -> new BatchNormalization().axis(1).center(false))
        .inputShape(4, 3, 2, 2)
        .expectOutputShape(4, 3, 2, 2)
        .expectTrainableWeights(1)
        .expectNonTrainableWeights(2)
        .skipTrainingStep()
        .run();
    LayerTester.of(() -> new BatchNormalization().momentum(0.9).epsilon(1e-5))
        .inputShape(6, 5)
        .expectOutputShape(6, 5)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(2)
        .skipTrainingStep()
        .run();
  }

  @Test
  void weightNamesAndKerasDefaults() {
    BatchNormalization bn = new BatchNormalization();
    assertEquals(0.99, bn.momentum());
    assertEquals(1e-3, bn.epsilon());
    bn.apply(Input.of(4, 4, 3));
    assertEquals(
        List.of("gamma", "beta", "moving_mean", "moving_variance"),
        bn.weights().stream().map(Weight::name).toList());
    assertEquals(
        List.of(false, false, true, true),
        bn.weights().stream().map(w -> !w.isTrainableKind()).toList());
  }

  @Test
  void inferenceUsesTheMovingStatistics() {
    float[] gamma = {2f, 0.5f};
    float[] beta = {0.1f, -1f};
    float[] mean = {0.3f, -0.2f};
    float[] var = {4f, 0.25f};
    float[] x = random(2 * 3 * 3 * 2, 9);
    try (Model m = single(new BatchNormalization(), 3, 3, 2)) {
      m.setWeights(weights(
          gamma, new long[] {2}, beta, new long[] {2}, mean, new long[] {2}, var, new long[] {2}));
      float[] y = predict(m, x, 2, 3, 3, 2);
      for (int i = 0; i < x.length; i++) {
        int c = i % 2;
        double want = gamma[c] * (x[i] - mean[c]) / Math.sqrt(var[c] + 1e-3) + beta[c];
        assertEquals(want, y[i], 1e-5, "element " + i);
      }
    }
  }

  @Test
  void trainingUpdatesMovingStatisticsAsKeras() {
    int n = 8;
    float[] x = random(n * 2 * 2 * 3, 4);
    for (int i = 0; i < x.length; i++) x[i] = x[i] * (1 + i % 3) + (i % 3);
    BatchNormalization bn = new BatchNormalization().momentum(0.9);
    try (Model m = single(bn, 2, 2, 3)) {
      m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
      Dataset d = Dataset.ofArrays(
          List.of(HostArray.ofFloats(x, n, 2, 2, 3)),
          HostArray.ofFloats(new float[x.length], n, 2, 2, 3));
      m.fit(d, FitOptions.epochs(2).batchSize(n).shuffle(false).verbose(0));
      float[] movingMean = m.weightValue(bn.weights().get(2));
      float[] movingVar = m.weightValue(bn.weights().get(3));
      for (int c = 0; c < 3; c++) {
        double s = 0;
        double s2 = 0;
        int count = 0;
        for (int i = c; i < x.length; i += 3) {
          s += x[i];
          count++;
        }
        double mu = s / count;
        for (int i = c; i < x.length; i += 3) s2 += (x[i] - mu) * (x[i] - mu);
        double biasedVar = s2 / count;
        // two identical steps (same batch): moving = moving·m + batch·(1 − m), twice
        double wantMean = (0 * 0.9 + mu * 0.1) * 0.9 + mu * 0.1;
        double wantVar = (1 * 0.9 + biasedVar * 0.1) * 0.9 + biasedVar * 0.1;
        assertEquals(wantMean, movingMean[c], 1e-5, "moving_mean " + c);
        assertEquals(wantVar, movingVar[c], 1e-4, "moving_variance " + c);
      }
    }
  }

  @Test
  void frozenLayerUsesMovingStatisticsAndKeepsItsWeights() {
    int n = 6;
    BatchNormalization bn = new BatchNormalization();
    var in = Input.of(3, 3, 2);
    Dense head = new Dense(1);
    try (Model m = Model.of(in, head.apply(new Flatten().apply(bn.apply(in)))).seed(1)) {
      m.setWeights(List.of(
          nd(new float[] {1.5f, 0.5f}, 2),
          nd(new float[] {0.2f, -0.2f}, 2),
          nd(new float[] {0.3f, 0.1f}, 2),
          nd(new float[] {2f, 0.5f}, 2),
          nd(random(18, 2), 18, 1),
          nd(new float[] {0f}, 1)));
      bn.setTrainable(false);
      assertEquals(4, bn.nonTrainableWeights().size());
      m.compile(Optimizers.sgd(0.05), Losses.meanSquaredError());
      float[] x = random(n * 18, 5);
      float[][] before = bn.weights().stream().map(m::weightValue).toArray(float[][]::new);
      float[] headBefore = m.weightValue(head.weights().get(0));
      // the training-mode forward pass of a frozen BN equals inference (moving statistics, no batch
      // statistics)
      assertArrayEquals(predict(m, x, n, 3, 3, 2), trainingForward(m, x, n, 3, 3, 2), 1e-6f);
      m.fit(
          Dataset.ofArrays(
              List.of(HostArray.ofFloats(x, n, 3, 3, 2)), HostArray.ofFloats(random(n, 6), n, 1)),
          FitOptions.epochs(3).batchSize(3).verbose(0));
      for (int k = 0; k < 4; k++)
        assertArrayEquals(
            before[k], m.weightValue(bn.weights().get(k)), bn.weights().get(k).path());
      assertFalse(
          java.util.Arrays.equals(headBefore, m.weightValue(head.weights().get(0))));
    }
  }

  @Test
  void trainableLayerUsesBatchStatisticsInTraining() {
    float[] x = random(4 * 2 * 2 * 1, 12);
    try (Model m = single(new BatchNormalization(), 2, 2, 1)) {
      float[] y = trainingForward(m, x, 4, 2, 2, 1);
      double mean = 0;
      double sq = 0;
      for (float v : y) mean += v / y.length;
      for (float v : y) sq += (v - mean) * (v - mean) / y.length;
      assertEquals(0, mean, 1e-5);
      assertEquals(1.0, sq, 1e-2); // var / (var + 1e-3)
    }
  }

  @Test
  void errors() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().momentum(1.0));
    assertTrue(e.getMessage().contains("Received: momentum=1.0"), e.getMessage());
    var s = assertThrows(
        ShapeMismatchException.class,
        () -> new BatchNormalization().axis(4).named("bn").apply(Input.of(2, 2, 3)));
    assertTrue(
        s.getMessage()
            .contains("Layer 'bn' (BatchNormalization) expects an input with a feature axis 4"),
        s.getMessage());
  }
}
