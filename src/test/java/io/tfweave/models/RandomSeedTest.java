package io.tfweave.models;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.Synthetic;
import io.tfweave.graph.RandomSeeds;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.training.FitOptions;
import io.tfweave.utils.Utils;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

class RandomSeedTest {
  static final Dataset RINGS = Synthetic.concentricRings(2, 48, 1);

  @AfterEach
  void clearGlobalSeed() {
    RandomSeeds.clear();
  }

  /** Weights, dropout masks and per-epoch shuffles all depend on the model's seed. */
  static Model mlp() {
    return Sequential.builder()
        .input(2)
        .add(new Dense(8).activation(RELU), new Dropout(0.3), new Dense(1).activation(SIGMOID))
        .build();
  }

  record Run(long seed, List<FloatNdArray> initial, List<Double> losses) {}

  static Run run(Model m) {
    try (m) {
      List<FloatNdArray> initial = m.getWeights();
      m.compile("adam", "binary_crossentropy", "accuracy");
      List<Double> losses =
          m.fit(RINGS, FitOptions.epochs(3).batchSize(16).verbose(0)).get("loss");
      return new Run(m.seed(), initial, losses);
    }
  }

  @Test
  void modelsBuiltAfterTheSameGlobalSeedAreIdentical() {
    Utils.setRandomSeed(7);
    Model a = mlp();
    assertTrue(a.seedFixed(), "a seed drawn from the global one is reproducible");
    Run first = run(a);
    Utils.setRandomSeed(7);
    Run second = run(mlp());
    assertEquals(first.seed(), second.seed());
    assertEquals(first.initial(), second.initial(), "identical initial weights");
    assertEquals(
        first.losses(),
        second.losses(),
        "identical fit histories (dropout masks and shuffles included)");
    assertEquals(3, first.losses().size());
  }

  @Test
  void successiveModelsDrawSuccessiveSeedsAsInKeras() {
    Utils.setRandomSeed(7);
    Run first = run(mlp());
    Run next = run(mlp());
    assertNotEquals(
        first.seed(),
        next.seed(),
        "the global sequence advances, as Keras's global generator does");
    assertNotEquals(first.initial(), next.initial());
  }

  @Test
  void anExplicitSeedWins() {
    Run own = run(Sequential.builder()
        .input(2)
        .add(new Dense(8).activation(RELU), new Dropout(0.3), new Dense(1).activation(SIGMOID))
        .seed(123)
        .build());
    Utils.setRandomSeed(7);
    Model m = Sequential.builder()
        .input(2)
        .add(new Dense(8).activation(RELU), new Dropout(0.3), new Dense(1).activation(SIGMOID))
        .seed(123)
        .build();
    Run withGlobal = run(m);
    assertEquals(123, withGlobal.seed());
    assertEquals(own.initial(), withGlobal.initial());
    assertEquals(own.losses(), withGlobal.losses());
    Utils.setRandomSeed(7);
    Run global = run(mlp());
    assertNotEquals(123, global.seed());
    assertNotEquals(own.losses(), global.losses());
  }

  @Test
  void withoutAGlobalSeedModelsAreRandom() {
    assertFalse(RandomSeeds.isSet());
    Model m = mlp();
    try (m) {
      assertFalse(m.seedFixed());
    }
    assertFalse(RandomSeeds.next(10).isPresent());
  }
}
