package io.tfweave.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tfweave.data.Dataset;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.regularization.Dropout;
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

  @TempDir
  Path dir;

  static Model model() {
    Model m =
        Sequential.builder().input(3).add(new Dense(8), new Dense(1)).seed(21).build();
    m.compile(Optimizers.sgd(0.05), Losses.meanSquaredError());
    return m;
  }

  static FitOptions epochs(int n) {
    return FitOptions.epochs(n).batchSize(16).verbose(0);
  }

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

  static Model adam() {
    Model m =
        Sequential.builder().input(3).add(new Dense(8), new Dense(1)).seed(21).build();
    m.compile(Optimizers.adam(0.01), Losses.meanSquaredError());
    return m;
  }

  @Test
  void checkpointsCarryTheOptimizerStateSoAdamResumesBitForBit() {
    List<Double> full;
    List<?> fullWeights;
    try (Model m = adam()) {
      full = m.fit(DATA, epochs(6)).get("loss");
      fullWeights = m.getWeights();
    }
    Path ckpt = dir.resolve("adam/weights");
    try (Model m = adam()) {
      m.fit(DATA, epochs(3));
      m.saveWeights(
          ckpt); // weights + optimizer/iterations, optimizer/learning_rate, optimizer/<weight>_m
      // and _v
    }
    try {
      var keys = io.tfweave.formats.CheckpointReader.open(ckpt).variables().stream()
          .map(v -> v.name())
          .sorted()
          .toList();
      assertEquals(
          List.of(
              "dense/bias",
              "dense/kernel",
              "dense_1/bias",
              "dense_1/kernel",
              "optimizer/dense/bias_m",
              "optimizer/dense/bias_v",
              "optimizer/dense/kernel_m",
              "optimizer/dense/kernel_v",
              "optimizer/dense_1/bias_m",
              "optimizer/dense_1/bias_v",
              "optimizer/dense_1/kernel_m",
              "optimizer/dense_1/kernel_v",
              "optimizer/iterations",
              "optimizer/learning_rate"),
          keys);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (Model m = adam()) {
      m.loadWeights(
          ckpt); // before the first fit: the optimizer state is restored when fit builds the
      // optimizer
      History h = m.fit(DATA, epochs(6).initialEpoch(3));
      assertEquals(full.subList(3, 6), h.get("loss"));
      assertEquals(fullWeights, m.getWeights());
    }
    try (Model m = adam()) {
      m.fit(DATA, epochs(1));
      m.loadWeights(ckpt); // after a fit: restored into the live optimizer right away
      assertEquals(full.subList(3, 6), m.fit(DATA, epochs(6).initialEpoch(3)).get("loss"));
    }
    try (Model plain =
        Sequential.builder().input(3).add(new Dense(8), new Dense(1)).seed(21).build()) {
      plain.loadWeights(
          ckpt); // an uncompiled model loads the weights and ignores the optimizer state
      assertEquals(fullWeights.size(), plain.getWeights().size());
    }
  }

  static Model withDropout() {
    Model m = Sequential.builder()
        .input(3)
        .add(new Dense(16), new Dropout(0.5), new Dense(1))
        .seed(21)
        .build();
    m.compile(Optimizers.adam(0.01), Losses.meanSquaredError());
    return m;
  }

  @Test
  void dropoutMasksResumeWithTheTrainingStepSoTheCurveContinuesBitForBit() {
    List<Double> full;
    List<?> fullWeights;
    try (Model m = withDropout()) {
      full = m.fit(DATA, epochs(6)).get("loss");
      fullWeights = m.getWeights();
    }
    Path ckpt = dir.resolve("dropout/weights");
    try (Model m = withDropout()) {
      assertEquals(full.subList(0, 3), m.fit(DATA, epochs(3)).get("loss"));
      m.saveWeights(ckpt);
    }
    try (Model m = withDropout()) {
      m.loadWeights(ckpt);
      assertEquals(full.subList(3, 6), m.fit(DATA, epochs(6).initialEpoch(3)).get("loss"));
      assertEquals(fullWeights, m.getWeights());
    }
  }

  @Test
  void dropoutDrawsANewMaskAtEveryStep() {
    try (Model m = Sequential.builder()
        .input(3)
        .add(new Dropout(0.5), new Dense(1))
        .seed(5)
        .build()) {
      m.compile(Optimizers.sgd(1e-12), Losses.meanSquaredError()); // weights all but fixed
      List<Double> losses =
          m.fit(DATA, FitOptions.epochs(8).batchSize(96).verbose(0)).get("loss");
      assertEquals(
          8, losses.stream().distinct().count(), "each step drops other inputs: " + losses);
    }
  }

  @Test
  void initialEpochIsValidated() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(3).initialEpoch(-1));
    assertEquals("initialEpoch must be >= 0. Received: initialEpoch=-1", e.getMessage());
    try (Model m = model()) {
      assertEquals(
          0, m.fit(DATA, epochs(3).initialEpoch(3)).size(), "nothing left to train, as in Keras");
    }
  }
}
