package io.tfweave.metrics;

import static io.tfweave.activations.Activation.SIGMOID;
import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.activations.Activation;
import io.tfweave.data.Dataset;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.losses.Reduction;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.StdArrays;

/** Every new loss trains a small model: its gradient graph builds, and the loss falls over a few epochs. */
class NewLossesTrainTest {
  static final float[][] X = {
    {1, 0}, {0, 1}, {1, 1}, {-1, 2}, {0.5f, -0.5f}, {2, 1}, {-1, -1}, {0.3f, 0.8f}
  };
  static final int[] LABEL = {0, 1, 2, 1, 0, 2, 0, 1};

  record Case(Loss loss, Activation activation, float[][] targets) {}

  static float[][] oneHot() {
    float[][] y = new float[X.length][3];
    for (int i = 0; i < X.length; i++) y[i][LABEL[i]] = 1;
    return y;
  }

  static float[][] positive() {
    float[][] y = oneHot();
    for (float[] r : y) for (int j = 0; j < 3; j++) r[j] = 0.5f + 2 * r[j];
    return y;
  }

  @Test
  void everyNewLossLowersItself() {
    float[][] onehot = oneHot();
    float[][] pos = positive();
    Map<String, Case> cases = Map.ofEntries(
        Map.entry("kld", new Case(Losses.klDivergence(), SOFTMAX, onehot)),
        Map.entry("poisson", new Case(Losses.poisson(), Activation.SOFTPLUS, pos)),
        Map.entry("hinge", new Case(Losses.hinge(), null, onehot)),
        Map.entry("squared_hinge", new Case(Losses.squaredHinge(), null, onehot)),
        Map.entry("categorical_hinge", new Case(Losses.categoricalHinge(), null, onehot)),
        Map.entry("log_cosh", new Case(Losses.logCosh(), null, pos)),
        Map.entry("cosine", new Case(Losses.cosineSimilarity(), null, pos)),
        Map.entry("msle", new Case(Losses.meanSquaredLogarithmicError(), Activation.SOFTPLUS, pos)),
        Map.entry("mape", new Case(Losses.meanAbsolutePercentageError(), null, pos)),
        Map.entry(
            "binary_focal",
            new Case(Losses.binaryFocalCrossentropy().applyClassBalancing(true), SIGMOID, onehot)),
        Map.entry(
            "categorical_focal", new Case(Losses.categoricalFocalCrossentropy(), SOFTMAX, onehot)),
        Map.entry("dice", new Case(Losses.dice(), SIGMOID, onehot)),
        Map.entry("tversky", new Case(Losses.tversky().alpha(0.7).beta(0.3), SIGMOID, onehot)),
        Map.entry(
            "cce_smoothed_none",
            new Case(
                Losses.categoricalCrossentropy().labelSmoothing(0.1).reduction(Reduction.NONE),
                SOFTMAX,
                onehot)),
        Map.entry(
            "bce_smoothed_sum",
            new Case(
                Losses.binaryCrossentropy().labelSmoothing(0.1).reduction(Reduction.SUM),
                SIGMOID,
                onehot)));
    for (var e : cases.entrySet()) {
      Case c = e.getValue();
      Dense head = new Dense(3);
      if (c.activation() != null) head.activation(c.activation());
      try (Model m = Sequential.named("train_" + e.getKey())
          .input(2)
          .add(new Dense(8).activation(Activation.TANH))
          .add(head)
          .seed(5)
          .build()) {
        m.compile(Optimizers.adam(0.05), c.loss());
        History h = m.fit(
            Dataset.of(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(c.targets())),
            FitOptions.epochs(15).batchSize(4).shuffle(false).verbose(0));
        List<Double> loss = h.get("loss");
        assertTrue(loss.stream().allMatch(Double::isFinite), e.getKey() + ": " + loss);
        assertTrue(loss.get(loss.size() - 1) < loss.get(0), e.getKey() + " should fall: " + loss);
      }
    }
  }
}
