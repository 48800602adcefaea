package io.tfweave.layers;

import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.Synthetic;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.layers.quadratic.QuadraticInitialization;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.TrainingControl;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small versions of the paper's experiments: second-order networks reach 100 % training accuracy in seconds. */
class QuadraticTrainingTest {
  /** Full-batch training until 100 % accuracy on the updated weights; returns the iterations used or -1. */
  private static int trainToPerfect(Model m, Dataset d, int max) {
    int used = 0;
    while (used < max) {
      int[] state = {-1, 0};
      Callback stop = new Callback() {
        TrainingControl control;

        @Override
        public void onTrainBegin(TrainingControl c) {
          control = c;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          state[1] = epoch + 1;
          if (logs.get("accuracy") >= 1.0) {
            state[0] = epoch + 1;
            control.requestStop();
          }
        }
      };
      m.fit(
          d,
          FitOptions.epochs(max - used)
              .batchSize(d.size())
              .shuffle(false)
              .verbose(0)
              .callbacks(stop));
      used += state[1];
      if (state[0] < 0) return -1;
      if (accuracy(m, d) == 1.0) return used;
    }
    return -1;
  }

  private static double accuracy(Model m, Dataset d) {
    float[] p = m.predictArrays(d.inputs(), 1024).get(0).floats();
    float[] y = d.targets().asFloat().floats();
    int ok = 0;
    for (int i = 0; i < y.length; i++) if ((p[i] > 0.5f) == (y[i] > 0.5f)) ok++;
    return ok / (double) y.length;
  }

  private static Model network(int[] units, long seed) {
    Sequential s = Sequential.named("quadratic").input(2);
    for (int u : units) {
      s.add(new QuadraticDense(u)
          .activation(SIGMOID)
          .initialization(QuadraticInitialization.RANDOM)); // the paper's form
    }
    return s.seed(seed).build();
  }

  @Test
  void concentricRingsWithA60ParameterNetwork() {
    Dataset rings = Synthetic.concentricRings(4, 60, 0);
    try (Model m = network(new int[] {3, 2, 1}, 1)) {
      Optimizer sgd = Optimizers.sgd(0.1).momentum(0.9).clipnorm(1.0);
      m.compile(sgd, Losses.binaryCrossentropy(), Metrics.accuracy());
      int it = trainToPerfect(m, rings, 3000);
      assertTrue(
          it > 0,
          "2-3-2-1 should separate the rings within 3000 iterations; accuracy "
              + accuracy(m, rings));
    }
  }

  @Test
  void twoSpiralsWithA2x20x20x1Network() {
    Dataset spirals = Synthetic.twoSpirals();
    assertEquals(194, spirals.size());
    try (Model m = network(new int[] {20, 20, 1}, 4)) {
      m.compile(
          Optimizers.adam(0.01).clipnorm(1.0), Losses.binaryCrossentropy(), Metrics.accuracy());
      int it = trainToPerfect(m, spirals, 15000);
      assertTrue(
          it > 0,
          "2-20-20-1 should separate the two spirals within 15000 iterations; accuracy "
              + accuracy(m, spirals));
    }
  }
}
