package io.tfweave.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tfweave.data.Dataset;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.testing.Synthetic;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kill + restart with initialEpoch reproduces the uninterrupted run (SGD with shuffling: weights and shuffle position). */
class ResumeTest {
  static final Dataset DATA = Synthetic.linear(96, new float[] {1, -2, 0.5f}, 0.3f, 0.1, 4);
  @TempDir Path dir;

  static Model model() {
    Model m = Sequential.builder().input(3).add(new Dense(8), new Dense(1)).seed(21).build();
    m.compile(Optimizers.sgd(0.05), Losses.meanSquaredError());
    return m;
  }

  static FitOptions epochs(int n) { return FitOptions.epochs(n).batchSize(16).verbose(0); }

  @Test
  void initialEpochContinuesAnSgdRunWithShufflingBitForBit() {
    List<Double> full;
    List<?> fullWeights;
    try (Model m = model()) {
      full = m.fit(DATA, epochs(6)).get("loss");
      fullWeights = m.getWeights();
    }
    Path ckpt = dir.resolve("run/weights");
    try (Model m = model()) {
      assertEquals(full.subList(0, 3), m.fit(DATA, epochs(3)).get("loss"));
      m.saveWeights(ckpt);
    }
    try (Model m = model()) { // a restarted process: new model, same seed
      m.loadWeights(ckpt);
      History h = m.fit(DATA, epochs(6).initialEpoch(3));
      assertEquals(List.of(3, 4, 5), h.epochs(), "epochs keep their numbers");
      assertEquals(full.subList(3, 6), h.get("loss"), "the loss curve continues bit for bit");
      assertEquals(fullWeights, m.getWeights());
    }
  }

  @Test
  void initialEpochIsValidated() {
    var e = assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(3).initialEpoch(-1));
    assertEquals("initialEpoch must be >= 0. Received: initialEpoch=-1", e.getMessage());
    try (Model m = model()) {
      assertEquals(0, m.fit(DATA, epochs(3).initialEpoch(3)).size(), "nothing left to train, as in Keras");
    }
  }
}
