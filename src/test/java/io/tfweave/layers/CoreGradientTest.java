package io.tfweave.layers;

import static io.tfweave.activations.Activation.*;

import io.tfweave.activations.Activation;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.merging.Add;
import io.tfweave.layers.merging.Concatenate;
import io.tfweave.layers.merging.Multiply;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.layers.reshaping.Reshape;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.testing.GradientCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Gradients of the core layers and losses against central finite differences (float32: eps 1e-2, relative to max(1,|g|)). */
class CoreGradientTest {
  static final double TOL = 2e-2;

  @Test
  void denseWithEverySmoothActivation() {
    for (Activation a : List.of(LINEAR, SIGMOID, TANH, SOFTMAX, SELU, ELU, GELU, SWISH, SOFTPLUS)) {
      GradientCheck.ofLayer(new Dense(3).activation(a).named("dense_" + a.name()), 2, 4)
          .run()
          .assertWithin(TOL);
    }
    GradientCheck.ofLayer(new Dense(2).named("dense_rank3"), 2, 3, 4).run().assertWithin(TOL);
  }

  @Test
  void shapeLayersAndDropoutAtInference() {
    GradientCheck.ofLayer(new Flatten(), 2, 3, 2).run().assertWithin(TOL);
    GradientCheck.ofLayer(new Reshape(3, 2), 2, 6).run().assertWithin(TOL);
    GradientCheck.ofLayer(new Dropout(0.5), 2, 5).run().assertWithin(TOL);
  }

  @Test
  void embeddingMergesAndRegularizersThroughAModelLoss() {
    SymbolicTensor ids = Input.of(DType.INT32, 3);
    SymbolicTensor feats = Input.of(2);
    SymbolicTensor e = new Flatten()
        .apply(new Embedding(5, 2)
            .embeddingsRegularizer(Regularizer.l1l2(0.01, 0.02))
            .apply(ids));
    SymbolicTensor h =
        new Dense(2).activation(TANH).kernelRegularizer(Regularizer.l2(0.05)).apply(feats);
    SymbolicTensor merged =
        new Concatenate().apply(e, new Add().apply(h, new Multiply().apply(h, h)));
    SymbolicTensor out = new Dense(1).activation(SIGMOID).apply(merged);
    try (Model m = Model.of(List.of(ids, feats), List.of(out)).seed(5)) {
      m.compile(Optimizers.sgd(0.1), Losses.binaryCrossentropy());
      Dataset d = Dataset.ofArrays(
          List.of(
              HostArray.ofInts(new int[] {0, 1, 2, 3, 4, 1}, 2, 3),
              HostArray.ofFloats(new float[] {0.3f, -0.7f, 1.1f, 0.2f}, 2, 2)),
          HostArray.ofFloats(new float[] {1, 0}, 2, 1));
      GradientCheck.ofModel(m, d).run().assertWithin(TOL);
    }
  }

  @Test
  void everyLossAgainstFiniteDifferences() {
    double[] probs = {0.2, 0.7, 0.55, 0.9, 0.3, 0.6};
    double[] logits = {0.4, -1.3, 2.0, 0.1, -0.5, 1.5};
    check(Losses.binaryCrossentropy(), new float[][] {{1, 0, 1}, {0, 0, 1}}, probs, false);
    check(
        Losses.binaryCrossentropyFromLogits(), new float[][] {{1, 0, 1}, {0, 0, 1}}, logits, false);
    check(Losses.categoricalCrossentropy(), new float[][] {{0, 1, 0}, {0, 0, 1}}, probs, false);
    check(
        Losses.categoricalCrossentropyFromLogits(),
        new float[][] {{0, 1, 0}, {0, 0, 1}},
        logits,
        false);
    check(Losses.sparseCategoricalCrossentropy(), new float[][] {{1}, {2}}, probs, true);
    check(Losses.sparseCategoricalCrossentropyFromLogits(), new float[][] {{1}, {2}}, logits, true);
    check(Losses.meanSquaredError(), new float[][] {{1, 0, 1}, {0, 0, 1}}, logits, false);
    check(Losses.meanAbsoluteError(), new float[][] {{1, 0, 1}, {0, 0, 1}}, logits, false);
    check(Losses.huber(), new float[][] {{1, 0, 1}, {0, 0, 1}}, logits, false);
  }

  private static void check(Loss loss, float[][] yTrue, double[] yPred, boolean sparse) {
    GradientCheck.of(
            TFloat32.class,
            (tf, in) -> loss.compute(tf, tf.constant(yTrue), in.get("y_pred"), null))
        .input("y_pred", Shape.of(2, 3), yPred)
        .checkInputs(true)
        .epsilon(1e-3)
        .run()
        .assertWithin(TOL);
  }

  @Test
  void sequentialImdbStyleModel() {
    try (Model m = Sequential.builder()
        .input(DType.INT32, 4)
        .add(
            new Embedding(6, 3),
            new Flatten(),
            new Dense(4).activation(TANH),
            new Dense(1).activation(SIGMOID))
        .seed(2)
        .build()) {
      m.compile(Optimizers.rmsprop(0.001), Losses.meanSquaredError());
      Dataset d = Dataset.ofArrays(
          List.of(HostArray.ofInts(new int[] {1, 2, 3, 4, 5, 0, 2, 2}, 2, 4)),
          HostArray.ofFloats(new float[] {1, 0}, 2, 1));
      GradientCheck.ofModel(m, d).run().assertWithin(TOL);
    }
  }
}
