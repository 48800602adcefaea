package io.tfweave.training;

import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Keras's sample_weight (a pipeline component) and class_weight (FitOptions): the weighted loss, and training with it. */
class SampleWeightTest {
  static final float[] X = {1, 0, 0, 1, 1, 1, -1, 2, 0.5f, -0.5f, 2, 1};
  static final int[] Y = {0, 1, 2, 1, 0, 2};
  static final float[] W = {1, 2, 0.5f, 0, 3, 1};
  static final float[] KERNEL = {0.5f, -0.2f, 0.1f, 0.3f, 0.4f, -0.6f};

  static Model fixed() {
    Model m = Sequential.named("w")
        .input(2)
        .add(new Dense(3).activation(SOFTMAX))
        .seed(3)
        .build();
    m.setWeights(List.of(
        NdArrays.wrap(Shape.of(2, 3), DataBuffers.of(KERNEL.clone(), false, false)),
        NdArrays.ofFloats(Shape.of(3))));
    m.compile(Optimizers.sgd(0.1), Losses.sparseCategoricalCrossentropy());
    return m;
  }

  static Map<String, HostArray> arrays(float[] w) {
    Map<String, HostArray> m = new LinkedHashMap<>();
    m.put("x", HostArray.ofFloats(X, 6, 2));
    m.put("y", HostArray.ofInts(Y, 6));
    m.put("w", HostArray.ofFloats(w, 6));
    return m;
  }

  @Test
  void theWeightedLossIsTheWeightedSumOverTheBatchSize() {
    double sum = 0;
    for (int i = 0; i < 6; i++) {
      double[] z = new double[3];
      for (int j = 0; j < 3; j++) z[j] = X[2 * i] * KERNEL[j] + X[2 * i + 1] * KERNEL[3 + j];
      double norm = Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]));
      sum += W[i] * (norm - z[Y[i]]);
    }
    double expected = sum
        / 6; // Keras's sum_over_batch_size: divided by the number of samples, not by the weights'
    // sum
    try (Model m = fixed()) {
      Pipeline p = Pipeline.fromArrays(arrays(W)).sampleWeight("w");
      assertEquals(expected, m.evaluate(p.batch(6)).get("loss"), 1e-5);
      assertEquals(
          expected,
          m.evaluate(p.batch(4)).get("loss"),
          1e-5,
          "two batches, weighted by their sizes");
      assertTrue(
          Math.abs(m.evaluate(Pipeline.fromArrays(arrays(W)).batch(6)).get("loss") - expected)
              > 1e-3,
          "without sampleWeight the weights are an ordinary component");
    }
  }

  @Test
  void classWeightTrainsLikeTheSameSampleWeightsOnArraysAndPipelines() {
    Map<Integer, Double> cw = Map.of(0, 1.0, 1, 3.0, 2, 0.5);
    float[] byClass = new float[6];
    for (int i = 0; i < 6; i++) byClass[i] = cw.get(Y[i]).floatValue();
    try (Model a = fixed();
        Model b = fixed();
        Model c = fixed()) {
      a.fit(
          Pipeline.fromArrays(arrays(W)).batch(4),
          FitOptions.epochs(3).classWeight(cw).verbose(0));
      b.fit(
          Pipeline.fromArrays(arrays(byClass)).batch(4).sampleWeight("w"),
          FitOptions.epochs(3).verbose(0));
      c.fit(
          Dataset.ofArrays(List.of(HostArray.ofFloats(X, 6, 2)), HostArray.ofInts(Y, 6)),
          FitOptions.epochs(3).batchSize(4).shuffle(false).classWeight(cw).verbose(0));
      PipelineFitTest.assertSameWeights(a, b);
      PipelineFitTest.assertSameWeights(a, c);
    }
  }

  @Test
  void badWeightsAreNamed() {
    try (Model m = fixed()) {
      Model r = Sequential.named("reg").input(2).add(new Dense(1)).seed(1).build();
      r.compile(Optimizers.sgd(0.1), Losses.meanSquaredError());
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> r.fit(
              Pipeline.fromArrays(arrays(W)).batch(2),
              FitOptions.epochs(1).classWeight(Map.of(0, 2.0)).verbose(0)));
      assertTrue(
          e.getMessage().contains("classWeight needs a classification loss"), e.getMessage());
      r.close();
      Map<String, HostArray> wide = arrays(W);
      wide.put("w", HostArray.ofFloats(new float[12], 6, 2));
      var w = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              Pipeline.fromArrays(wide).batch(2).sampleWeight("w"),
              FitOptions.epochs(1).verbose(0)));
      assertTrue(
          w.getMessage()
              .contains(
                  "The sample weights 'w' of the training pipeline must be one number per sample"),
          w.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> FitOptions.epochs(1).classWeight(Map.of(-1, 1.0)));
      var missing = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              Pipeline.fromArrays(arrays(W)).batch(2).sampleWeight("weights"),
              FitOptions.epochs(1).verbose(0)));
      assertTrue(
          missing.getMessage().contains("sampleWeight name component 'weights'"),
          missing.getMessage());
    }
  }
}
