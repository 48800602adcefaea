package io.tfweave.optimizers;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.callbacks.SwapEmaWeights;
import io.tfweave.data.Dataset;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.testing.Synthetic;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import io.tfweave.training.TrainingControl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base options inside {@code fit}: EMA (and SwapEmaWeights), gradient accumulation, and checkpointed state. */
class OptimizerTrainingTest {
  static final Dataset DATA = Synthetic.linear(32, new float[] {1, -2, 0.5f}, 0.3f, 0.1, 4);
  static final Dataset VAL = Synthetic.linear(16, new float[] {1, -2, 0.5f}, 0.3f, 0.1, 5);

  @TempDir
  Path dir;

  static Model model(Optimizer o) {
    Model m =
        Sequential.builder().input(3).add(new Dense(4), new Dense(1)).seed(3).build();
    m.compile(o, Losses.meanSquaredError());
    return m;
  }

  static List<float[]> values(Model m) {
    List<float[]> out = new ArrayList<>();
    for (var t : m.getWeights()) {
      float[] f = new float[(int) t.size()];
      t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(f, false, false));
      out.add(f);
    }
    return out;
  }

  static void close(List<float[]> expected, List<float[]> actual, double tol, String what) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++)
      for (int j = 0; j < expected.get(i).length; j++)
        assertEquals(
            expected.get(i)[j], actual.get(i)[j], tol, what + " weight " + i + "[" + j + "]");
  }

  /** Records the weights after every batch. */
  static final class Recorder implements Callback {
    final List<List<float[]>> after = new ArrayList<>();
    private TrainingControl control;

    @Override
    public void onTrainBegin(TrainingControl c) {
      control = c;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
      after.add(control.weightValues());
    }
  }

  static FitOptions opts(int epochs) {
    return FitOptions.epochs(epochs).batchSize(8).shuffle(false).verbose(0);
  }

  @Test
  void afterFitTheWeightsAreTheirMovingAverage() {
    Recorder raw = new Recorder();
    try (Model m = model(Optimizers.sgd(0.05))) {
      m.fit(DATA, opts(3).callbacks(raw));
    }
    List<float[]> ema = null;
    for (List<float[]> w : raw.after) {
      if (ema == null) {
        ema = new ArrayList<>();
        for (float[] a : w) ema.add(a.clone());
        continue;
      }
      for (int i = 0; i < w.size(); i++)
        for (int j = 0; j < w.get(i).length; j++)
          ema.get(i)[j] = (float) (0.9 * ema.get(i)[j] + 0.1 * w.get(i)[j]);
    }
    Recorder withEma = new Recorder();
    try (Model m = model(Optimizers.sgd(0.05).useEma(true).emaMomentum(0.9))) {
      m.fit(DATA, opts(3).callbacks(withEma));
      for (int s = 0; s < raw.after.size(); s++)
        close(
            raw.after.get(s), withEma.after.get(s), 0, "EMA leaves the raw steps alone, step " + s);
      List<float[]> last = raw.after.get(raw.after.size() - 1);
      close(ema, values(m), 1e-6, "weights after fit = EMA");
      double moved = Math.abs(values(m).get(0)[0] - last.get(0)[0]);
      assertTrue(moved > 1e-4, "the EMA differs from the last weights by " + moved);
    }
    try (Model m = model(Optimizers.sgd(0.05).useEma(true).emaMomentum(0.9))) {
      m.fit(Pipeline.fromDataset(DATA).batch(8), FitOptions.epochs(3).verbose(0));
      close(ema, values(m), 1e-6, "a Pipeline fit also ends with the EMA");
    }
  }

  @Test
  void everyNewOptimizerTrainsAModel() {
    Map<String, Optimizer> opts = Map.of(
        "adagrad",
        Optimizers.adagrad(0.2),
        "adadelta",
        Optimizers.adadelta(20.0),
        "adamax",
        Optimizers.adamax(0.05),
        "nadam",
        Optimizers.nadam(0.05),
        "lion",
        Optimizers.lion(0.005),
        "ftrl",
        Optimizers.ftrl(0.5),
        "adamw+ema+accumulation",
        Optimizers.adamW(0.05, 0.01).useEma(true).emaMomentum(0.5).gradientAccumulationSteps(2));
    for (var e : opts.entrySet()) {
      try (Model m = model(e.getValue())) {
        History h = m.fit(DATA, FitOptions.epochs(40).batchSize(8).verbose(0));
        double first = h.get("loss").get(0);
        double last = h.last("loss");
        assertTrue(last < 0.3 * first, e.getKey() + ": loss " + first + " -> " + last);
      }
    }
  }

  @Test
  void swapEmaWeightsValidatesWithTheAveragesAndRestoresTheRawWeights() {
    List<float[]> plainFinal;
    History plain;
    try (Model m = model(Optimizers.adam(0.05).useEma(true).emaMomentum(0.8))) {
      plain = m.fit(DATA, opts(3).validation(VAL));
      plainFinal = values(m);
    }
    SwapEmaWeights swap = new SwapEmaWeights();
    try (Model m = model(Optimizers.adam(0.05).useEma(true).emaMomentum(0.8))) {
      History h = m.fit(DATA, opts(3).validation(VAL).callbacks(swap));
      assertEquals(6, swap.swaps(), "in and out around each of 3 validations");
      assertEquals(plain.get("loss"), h.get("loss"), "training saw the raw weights");
      close(plainFinal, values(m), 0, "swapping back restored the raw weights exactly");
      // The last validation ran on the final averages, which fit then wrote into the weights.
      double evaluated = m.evaluate(VAL, 16).get("loss");
      assertEquals(evaluated, h.last("val_loss"), 1e-5);
      assertNotEquals(plain.last("val_loss"), h.last("val_loss"), 1e-6);
    }
    try (Model m = model(Optimizers.adam(0.05).useEma(true).emaMomentum(0.8))) {
      m.fit(DATA, opts(3).callbacks(new SwapEmaWeights().swapOnEpoch(true)));
      close(plainFinal, values(m), 1e-6, "swapOnEpoch keeps the EMA weights at the end");
    }
    try (Model m = model(Optimizers.adam(0.05))) {
      var e = assertThrows(
          IllegalStateException.class,
          () -> m.fit(DATA, opts(1).validation(VAL).callbacks(new SwapEmaWeights())));
      assertTrue(e.getMessage().contains("useEma(true)"), e.getMessage());
    }
  }

  @Test
  void accumulatingTwoBatchesOfBEqualsOneBatchOf2b() {
    List<float[]> big;
    try (Model m = model(Optimizers.sgd(0.1))) {
      m.fit(DATA, FitOptions.epochs(3).batchSize(16).shuffle(false).verbose(0));
      big = values(m);
    }
    Recorder r = new Recorder();
    try (Model m = model(Optimizers.sgd(0.1).gradientAccumulationSteps(2))) {
      m.fit(DATA, opts(3).callbacks(r));
      close(big, values(m), 1e-6, "2 x 8 accumulated = 16");
      assertEquals(12, r.after.size());
      try (Model initial = model0()) {
        close(r.after.get(0), values(initial), 0, "no update after the first micro-batch");
      }
    }
  }

  static Model model0() {
    return Sequential.builder().input(3).add(new Dense(4), new Dense(1)).seed(3).build();
  }

  static Model nadam() {
    return model(Optimizers.nadam(0.01).gradientAccumulationSteps(3));
  }

  @Test
  void checkpointsCarryAccumulatorsAndNadamStateSoTrainingResumesBitForBit() {
    List<float[]> full;
    try (Model m = nadam()) {
      m.fit(DATA, opts(5));
      full = values(m);
    }
    Path ckpt = dir.resolve("nadam/weights");
    try (Model m = nadam()) {
      m.fit(DATA, opts(2)); // 8 steps: 2 gradients wait in the accumulators
      m.saveWeights(ckpt);
    }
    try (Model m = nadam()) {
      m.loadWeights(ckpt);
      m.fit(DATA, opts(5).initialEpoch(2));
      close(full, values(m), 0, "resumed");
    }
  }
}
