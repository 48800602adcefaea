package io.tfweave.models;

import static io.tfweave.activations.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void logisticRegressionRecoversWeights() {
    int n = 2000;
    float[] x = new float[n * 2];
    float[] y = new float[n];
    Random r = new Random(1);
    for (int i = 0; i < n; i++) {
      x[2 * i] = (float) r.nextGaussian();
      x[2 * i + 1] = (float) r.nextGaussian();
      double z = 2 * x[2 * i] - 3 * x[2 * i + 1] + 0.5;
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    try (Model m = Sequential.named("logreg")
        .input(2)
        .add(new Dense(1).activation(SIGMOID))
        .seed(3)
        .build()) {
      m.compile(Optimizers.adam(0.05), Losses.binaryCrossentropy(), Metrics.accuracy());
      History h = m.fit(
          Dataset.ofArrays(
              java.util.List.of(HostArray.ofFloats(x, n, 2)), HostArray.ofFloats(y, n)),
          FitOptions.epochs(30).batchSize(64).verbose(0));
      assertTrue(h.last("loss") < h.get("loss").get(0));
      var w = m.getWeights();
      assertEquals(2.0, w.get(0).getFloat(0, 0), 0.4);
      assertEquals(-3.0, w.get(0).getFloat(1, 0), 0.5);
      assertEquals(0.5, w.get(1).getFloat(0), 0.3);
    }
  }
}
