package io.tfweave.training;

import static io.tfweave.activations.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.callbacks.CsvLogger;
import io.tfweave.callbacks.EarlyStopping;
import io.tfweave.callbacks.LearningRateScheduler;
import io.tfweave.callbacks.ModelCheckpoint;
import io.tfweave.callbacks.ReduceLrOnPlateau;
import io.tfweave.callbacks.TerminateOnNaN;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.merging.Concatenate;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.testing.Synthetic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingBehaviourTest {
  @TempDir
  Path tmp;

  static Model mlp(long seed, double dropout) {
    return Sequential.named("mlp")
        .input(3)
        .add(new Dense(32).activation(RELU))
        .add(new Dropout(dropout))
        .add(new Dense(1))
        .seed(seed)
        .build();
  }

  @Test
  void sameSeedGivesTheSameLossCurve() {
    Dataset d = Synthetic.linear(256, new float[] {1, -2, 0.5f}, 0.3f, 0.1, 1);
    double[][] curves = new double[2][];
    for (int k = 0; k < 2; k++) {
      try (Model m = mlp(42, 0.3)) {
        m.compile(Optimizers.adam(0.01), Losses.meanSquaredError());
        curves[k] = m.fit(d, FitOptions.epochs(5).batchSize(16).verbose(0)).get("loss").stream()
            .mapToDouble(x -> x)
            .toArray();
      }
    }
    assertArrayEquals(curves[0], curves[1], 0.0);
    try (Model other = mlp(43, 0.3)) {
      other.compile(Optimizers.adam(0.01), Losses.meanSquaredError());
      double first = other
          .fit(d, FitOptions.epochs(1).batchSize(16).verbose(0))
          .get("loss")
          .get(0);
      assertNotEquals(curves[0][0], first);
    }
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    // Validation targets are unrelated to the inputs, so validation loss rises while the model fits
    // training noise.
    Random r = new Random(0);
    int n = 200;
    float[] x = new float[n * 3];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    for (int i = 0; i < n; i++) y[i] = (float) r.nextGaussian();
    Dataset d = Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 3)), HostArray.ofFloats(y, n, 1));
    List<Dataset> parts = d.split(0.5);
    EarlyStopping es = new EarlyStopping("val_loss").patience(2).restoreBestWeights(true);
    try (Model m = Sequential.builder()
        .input(3)
        .add(new Dense(64).activation(RELU), new Dense(64).activation(RELU), new Dense(1))
        .seed(4)
        .build()) {
      m.compile(Optimizers.adam(0.01), Losses.meanSquaredError());
      History h = m.fit(
          parts.get(0),
          FitOptions.epochs(60)
              .batchSize(10)
              .validation(parts.get(1))
              .verbose(0)
              .callbacks(es));
      assertTrue(es.stoppedEpoch() > 0 && h.size() < 60, "should stop early: " + h.get("val_loss"));
      double best = h.get("val_loss").stream().mapToDouble(v -> v).min().orElseThrow();
      assertEquals(best, es.best(), 1e-9);
      assertEquals(
          best,
          m.evaluate(parts.get(1), 10).get("loss"),
          1e-4,
          "weights of the best epoch are restored");
    }
  }

  @Test
  void validationSplitTakesTheLastFractionBeforeShuffling() {
    float[] x = new float[100];
    float[] y = new float[100];
    for (int i = 0; i < 100; i++) {
      x[i] = i < 80 ? 0 : 1;
      y[i] = i < 80 ? 0 : 100;
    }
    Dataset d =
        Dataset.ofArrays(List.of(HostArray.ofFloats(x, 100, 1)), HostArray.ofFloats(y, 100, 1));
    try (Model m = Sequential.builder()
        .input(1)
        .add(new Dense(1).kernelInitializer(io.tfweave.initializers.Initializers.zeros()))
        .seed(1)
        .build()) {
      m.compile(Optimizers.sgd(1e-9), Losses.meanAbsoluteError());
      History h =
          m.fit(d, FitOptions.epochs(1).batchSize(10).validationSplit(0.2).verbose(0));
      assertEquals(0.0, h.last("loss"), 1e-3);
      assertEquals(100.0, h.last("val_loss"), 1e-3);
    }
  }

  @Test
  void checkpointCsvSchedulerAndPlateauCallbacks() throws Exception {
    Dataset d = Synthetic.linear(128, new float[] {1, 2, 3}, 0, 0.0, 2);
    ModelCheckpoint ckpt = new ModelCheckpoint(tmp.resolve("ckpt/w-{epoch:02d}").toString())
        .monitor("loss")
        .saveBestOnly(true);
    Path csv = tmp.resolve("log.csv");
    ReduceLrOnPlateau plateau =
        new ReduceLrOnPlateau("loss").patience(0).minDelta(1e9).factor(0.5);
    try (Model m = mlp(5, 0)) {
      m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError(), Metrics.meanAbsoluteError());
      History h = m.fit(
          d,
          FitOptions.epochs(3)
              .batchSize(32)
              .verbose(0)
              .callbacks(ckpt, new CsvLogger(csv), plateau));
      assertTrue(
          Files.exists(tmp.resolve("ckpt/w-01.checkpoint")), "epoch 1 saved under prefix w-01");
      assertTrue(ckpt.saves() >= 1);
      List<String> lines = Files.readAllLines(csv);
      assertEquals("epoch,loss,mae", lines.get(0));
      assertEquals(4, lines.size());
      // minDelta is huge: epoch 0 improves on +inf, epochs 1 and 2 are plateaus: 0.01 -> 0.005 ->
      // 0.0025
      assertEquals(0.0025, h.last("learning_rate"), 1e-7);
      var before = m.getWeights();
      m.fit(d, FitOptions.epochs(2).verbose(0));
      m.loadWeights(Path.of(ckpt.pathFor(
          h.get("loss").indexOf(h.get("loss").stream().min(Double::compare).get()))));
      assertNotEquals(flat(before.get(0))[0], Float.NaN);
    }
    try (Model m = mlp(5, 0)) {
      m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
      History h = m.fit(
          d,
          FitOptions.epochs(3)
              .verbose(0)
              .callbacks(new LearningRateScheduler((e, lr) -> 0.1 / (e + 1))));
      assertEquals(0.1 / 3, h.last("learning_rate"), 1e-6);
    }
  }

  @Test
  void terminateOnNaNStopsWithinTheEpoch() {
    Dataset d = Synthetic.linear(256, new float[] {100, 200, 300}, 0, 0.0, 2);
    TerminateOnNaN t = new TerminateOnNaN();
    try (Model m = mlp(5, 0)) {
      m.compile(Optimizers.sgd(10.0), Losses.meanSquaredError());
      History h = m.fit(d, FitOptions.epochs(50).batchSize(8).verbose(0).callbacks(t));
      assertTrue(t.terminatedBatch() >= 0);
      assertTrue(h.size() <= 2);
    }
  }

  @Test
  void saveAndLoadWeightsRoundTripAndSetWeights() {
    Dataset d = Synthetic.linear(64, new float[] {1, 2, 3}, 0, 0.0, 2);
    try (Model a = mlp(1, 0);
        Model b = mlp(2, 0)) {
      a.compile(Optimizers.adam(0.01), Losses.meanSquaredError());
      a.fit(d, FitOptions.epochs(2).verbose(0));
      a.saveWeights(tmp.resolve("w/model"));
      b.loadWeights(tmp.resolve("w/model"));
      float[] pa = flat(a.predict(d));
      assertArrayEquals(pa, flat(b.predict(d)), 0f);
      try (Model c = mlp(3, 0)) {
        c.setWeights(a.getWeights());
        assertArrayEquals(pa, flat(c.predict(d)), 0f);
      }
    }
  }

  @Test
  void functionalMultiInputModelTrains() {
    SymbolicTensor left = Input.of(2);
    SymbolicTensor right = Input.of(3);
    SymbolicTensor merged =
        new Concatenate().apply(new Dense(4).activation(TANH).apply(left), right);
    SymbolicTensor out = new Dense(1).apply(merged);
    Random r = new Random(1);
    int n = 128;
    float[] a = new float[n * 2];
    float[] b = new float[n * 3];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 2; j++) a[i * 2 + j] = (float) r.nextGaussian();
      for (int j = 0; j < 3; j++) b[i * 3 + j] = (float) r.nextGaussian();
      y[i] = a[i * 2] + b[i * 3 + 2];
    }
    try (Model m = Model.of(List.of(left, right), List.of(out)).seed(3)) {
      assertTrue(m.summaryString().contains("Connected to"));
      m.compile(Optimizers.adam(0.02), Losses.meanSquaredError());
      Dataset d = Dataset.ofArrays(
          List.of(HostArray.ofFloats(a, n, 2), HostArray.ofFloats(b, n, 3)),
          HostArray.ofFloats(y, n, 1));
      History h = m.fit(d, FitOptions.epochs(30).batchSize(16).verbose(0));
      assertTrue(h.last("loss") < 0.1 * h.get("loss").get(0), h.toString());
    }
  }

  @Test
  void tenThousandStepsDoNotGrowNativeMemory() throws Exception {
    Dataset d = Synthetic.linear(64, new float[] {1, 2, 3}, 0, 0.1, 2);
    try (Model m = Sequential.builder()
        .input(3)
        .add(new Dense(8).activation(RELU), new Dense(1))
        .seed(1)
        .build()) {
      m.compile(Optimizers.sgd(0.001), Losses.meanSquaredError());
      m.fit(d, FitOptions.epochs(200).batchSize(8).verbose(0)); // 1,600 warm-up steps
      System.gc();
      long before = rssKb();
      m.fit(d, FitOptions.epochs(1250).batchSize(8).verbose(0)); // 10,000 steps
      System.gc();
      long grown = rssKb() - before;
      assertTrue(grown < 64 * 1024, "RSS grew by " + grown + " kB over 10,000 steps");
    }
  }

  static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
    }
    throw new IllegalStateException("no VmRSS");
  }

  static float[] flat(org.tensorflow.ndarray.FloatNdArray a) {
    return ImdbModelTest.flat(a);
  }

  @Test
  void historyKeysFollowKeras() {
    Dataset d = Synthetic.tokens(64, 10, 50, 1);
    try (Model m = ImdbModelTest.imdb(10, 50, 4, 4)) {
      m.compile(
          Optimizers.rmsprop(0.001),
          Losses.binaryCrossentropy(),
          Metrics.accuracy(),
          Metrics.precision(),
          Metrics.recall(),
          Metrics.auc());
      History h = m.fit(d, FitOptions.epochs(1).validationSplit(0.25).verbose(0));
      assertEquals(
          List.of(
              "loss",
              "accuracy",
              "precision",
              "recall",
              "auc",
              "val_loss",
              "val_accuracy",
              "val_precision",
              "val_recall",
              "val_auc"),
          List.copyOf(h.asMap().keySet()));
      Map<String, Double> ev = m.evaluate(d);
      assertEquals(
          List.of("loss", "accuracy", "precision", "recall", "auc"), List.copyOf(ev.keySet()));
    }
  }
}
