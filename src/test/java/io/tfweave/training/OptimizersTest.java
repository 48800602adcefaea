package io.tfweave.training;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.optimizers.Schedules;
import io.tfweave.testing.Synthetic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizersTest {
  static final float[] W = {2, -3, 0.5f};

  static double[] train(Optimizer opt, int epochs) {
    Dataset d = Synthetic.linear(64, W, 1f, 0.0, 9);
    try (Model m = Sequential.builder().input(3).add(new Dense(1)).seed(1).build()) {
      m.compile(opt, Losses.meanSquaredError());
      History h = m.fit(d, FitOptions.epochs(epochs).batchSize(64).verbose(0));
      float[] k = new float[3];
      m.getWeights().get(0).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(k, false, false));
      return new double[] {
        h.last("loss"), k[0], k[1], k[2], m.getWeights().get(1).getFloat(0)
      };
    }
  }

  @Test
  void everyOptimizerRecoversTheLinearTarget() {
    Map<String, Optimizer> opts = Map.of(
        "sgd", Optimizers.sgd(0.1),
        "momentum", Optimizers.sgd(0.05).momentum(0.9),
        "nesterov", Optimizers.sgd(0.05).momentum(0.9).nesterov(true),
        "rmsprop", Optimizers.rmsprop(0.02),
        "centered", Optimizers.rmsprop(0.02).centered(true),
        "adam", Optimizers.adam(0.05),
        "adamw", Optimizers.adamW(0.05, 1e-4));
    for (var e : opts.entrySet()) {
      double[] r = train(e.getValue(), 400);
      assertEquals(2, r[1], 0.05, e.getKey());
      assertEquals(-3, r[2], 0.05, e.getKey());
      assertEquals(0.5, r[3], 0.05, e.getKey());
      assertEquals(1, r[4], 0.05, e.getKey());
    }
  }

  @Test
  void adamWDecaysWeightsTowardsZero() {
    double plain = Math.abs(train(Optimizers.adam(0.05), 300)[2]);
    double decayed = Math.abs(train(Optimizers.adamW(0.05, 0.5), 300)[2]);
    assertTrue(decayed < plain - 0.2, plain + " vs " + decayed);
  }

  @Test
  void schedulesInGraphMatchJava() {
    var exp = Schedules.exponentialDecay(0.1, 10, 0.5, false);
    var stair = Schedules.exponentialDecay(0.1, 10, 0.5, true);
    var pw = Schedules.piecewiseConstant(new long[] {5, 10}, new double[] {1.0, 0.5, 0.1});
    var cos = Schedules.cosineDecay(1.0, 100, 0.1);
    assertEquals(0.05, exp.valueAt(10), 1e-12);
    assertEquals(0.1, stair.valueAt(9), 1e-12);
    assertEquals(0.5, pw.valueAt(10), 0);
    assertEquals(0.1, pw.valueAt(11), 0);
    assertEquals(0.55, cos.valueAt(50), 1e-12);
    assertEquals(0.1, cos.valueAt(500), 1e-12);
    for (var s : List.of(exp, stair, pw, cos)) {
      for (long step : new long[] {0, 3, 5, 9, 10, 11, 50, 120}) {
        double inGraph = io.tfweave.losses.LossesAndMetricsTestAccess.eval(
            tf -> s.value(tf, tf.constant((float) step)));
        assertEquals(s.valueAt(step), inGraph, 1e-6, s.kerasName() + " at " + step);
      }
    }
  }

  @Test
  void scheduleDrivesTrainingAndCannotBeSetByCallbacks() {
    double[] r = train(Optimizers.adam(Schedules.exponentialDecay(0.05, 100, 0.9, false)), 300);
    assertEquals(2, r[1], 0.1);
    Dataset d = Synthetic.linear(16, W, 1f, 0.0, 9);
    try (Model m = Sequential.builder().input(3).add(new Dense(1)).seed(1).build()) {
      m.compile(Optimizers.sgd(Schedules.cosineDecay(0.1, 10, 0)), Losses.meanSquaredError());
      var e = assertThrows(
          IllegalStateException.class,
          () -> m.fit(
              d,
              FitOptions.epochs(2)
                  .verbose(0)
                  .callbacks(new io.tfweave.callbacks.LearningRateScheduler((ep, lr) -> 0.5))));
      assertTrue(e.getMessage().contains("schedule"), e.getMessage());
    }
  }

  @Test
  void clippingBoundsTheUpdate() {
    // One SGD step with lr 1 on a huge error: without clipping the kernel moves by |grad|, with
    // global clipnorm 1 by at most 1.
    Dataset d = Synthetic.linear(32, new float[] {1000, 1000, 1000}, 0f, 0.0, 1);
    for (Optimizer o : List.of(
        Optimizers.sgd(1.0).globalClipnorm(1.0),
        Optimizers.sgd(1.0).clipnorm(1.0),
        Optimizers.sgd(1.0).clipvalue(0.1))) {
      try (Model m = Sequential.builder()
          .input(3)
          .add(new Dense(1).kernelInitializer(io.tfweave.initializers.Initializers.zeros()))
          .seed(1)
          .build()) {
        m.compile(o, Losses.meanSquaredError());
        m.fit(d, FitOptions.epochs(1).batchSize(32).verbose(0));
        float[] k = new float[3];
        m.getWeights().get(0).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(k, false, false));
        double norm = Math.sqrt(k[0] * k[0] + k[1] * k[1] + k[2] * k[2]);
        assertTrue(norm <= 1.0 + 1e-5 && norm > 0.05, o.config() + " moved the kernel by " + norm);
      }
    }
  }
}
