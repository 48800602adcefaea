package io.tfweave.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 500-step sequences build and train, fused and unrolled. */
class LongSequenceTest {
  static final int T = 500;
  static final int N = 16;

  private static double train(Layer recurrent) {
    float[] x = RecurrentCheck.random(N * T * 2, 61, 1.0);
    float[] y = new float[N];
    for (int i = 0; i < N; i++) y[i] = x[(i * T + T - 1) * 2] > 0 ? 1f : -1f;
    Dataset d = Dataset.ofArrays(List.of(HostArray.ofFloats(x, N, T, 2)), HostArray.ofFloats(y, N, 1));
    try (Model m = Sequential.named("long").input(T, 2).add(recurrent).add(new Dense(1)).seed(1).build()) {
      m.compile(Optimizers.adam(1e-2), Losses.meanSquaredError());
      double before = m.evaluate(d, N).get("loss");
      m.fit(d, FitOptions.epochs(3).batchSize(N).shuffle(false).verbose(0));
      double after = m.evaluate(d, N).get("loss");
      assertTrue(Double.isFinite(after) && after < before, recurrent.className() + ": " + before + " -> " + after);
      return after;
    }
  }

  @Test
  void fusedLstm() { train(new LSTM(8)); }

  @Test
  void unrolledLstmWithRecurrentDropout() { train(new LSTM(8).recurrentDropout(0.1)); }

  @Test
  void unrolledGru() { train(new GRU(8)); }
}
