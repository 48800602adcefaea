package io.tfweave.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.testing.Synthetic;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import io.tfweave.training.TrainingControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NaN never overwrites good state: a diverged epoch is not checkpointed, and no callback can save non-finite weights. */
class NanCheckpointTest {
  static final Dataset DATA = Synthetic.linear(128, new float[] {1, 2, 3}, 0, 0.0, 2);

  @TempDir
  Path dir;

  /** Sets a learning rate so large at the start of epoch 2 that training diverges within two steps. */
  static final class Diverge implements Callback {
    TrainingControl control;
    final List<float[]> goodWeights = new ArrayList<>();

    @Override
    public void onTrainBegin(TrainingControl c) {
      control = c;
    }

    @Override
    public void onEpochBegin(int epoch) {
      if (epoch == 1) control.setLearningRate(1e30);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      if (epoch == 0) goodWeights.addAll(control.weightValues());
    }
  }

  static float[] flat(List<float[]> ws) {
    int n = ws.stream().mapToInt(w -> w.length).sum();
    float[] out = new float[n];
    int at = 0;
    for (float[] w : ws) {
      System.arraycopy(w, 0, out, at, w.length);
      at += w.length;
    }
    return out;
  }

  static Model model() {
    Model m =
        Sequential.builder().input(3).add(new Dense(4), new Dense(1)).seed(3).build();
    m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
    return m;
  }

  @Test
  void terminateOnNanLeavesTheLastGoodCheckpoint() {
    Path prefix = dir.resolve("ckpt/model");
    ModelCheckpoint ckpt = new ModelCheckpoint(prefix.toString());
    TerminateOnNaN nan = new TerminateOnNaN();
    Diverge diverge = new Diverge();
    try (Model m = model()) {
      History h =
          m.fit(DATA, FitOptions.epochs(5).batchSize(16).verbose(0).callbacks(diverge, nan, ckpt));
      assertEquals(2, h.size(), "stopped in the second epoch");
      assertTrue(nan.terminatedBatch() >= 0);
      assertFalse(Double.isFinite(h.last("loss")));
      assertEquals(1, ckpt.saves());
      assertEquals(1, ckpt.skippedNonFinite());
      m.loadWeights(prefix);
      float[] loaded = flat(m.getWeights().stream()
          .map(w -> {
            float[] v = new float[(int) w.size()];
            w.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
            return v;
          })
          .toList());
      assertArrayEquals(
          flat(diverge.goodWeights), loaded, "the checkpoint holds the weights after epoch 1");
      for (float f : loaded) assertTrue(Float.isFinite(f));
    }
  }

  @Test
  void noCallbackCanSaveNonFiniteWeights() {
    Path good = dir.resolve("good");
    Path poisoned = dir.resolve("poisoned");
    List<Boolean> written = new ArrayList<>();
    try (Model m = model()) {
      m.fit(DATA, FitOptions.epochs(1).verbose(0).callbacks(new Callback() {
        TrainingControl control;

        @Override
        public void onTrainBegin(TrainingControl c) {
          control = c;
        }

        @Override
        public void onTrainEnd(Map<String, Double> logs) {
          written.add(control.saveWeights(good));
          List<float[]> values = control.weightValues();
          values.get(0)[2] = Float.POSITIVE_INFINITY;
          control.setWeightValues(values);
          written.add(control.saveWeights(poisoned));
          written.add(control.saveWeights(good, 3));
        }
      }));
    }
    assertEquals(List.of(true, false, false), written);
    assertTrue(Files.exists(dir.resolve("good.checkpoint")));
    assertFalse(Files.exists(dir.resolve("poisoned.checkpoint")));
    assertFalse(Files.exists(dir.resolve("poisoned-1.index")));
  }
}
