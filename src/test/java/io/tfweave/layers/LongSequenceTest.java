package io.tfweave.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.recurrent.Bidirectional;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.recurrent.Recurrent;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 500-step sequences build and train: fused LSTM, masked token ids through a fused Bidirectional LSTM, unrolled GRU. */
class LongSequenceTest {
  static final int T = 500;
  static final int N = 16;

  private static double train(Layer recurrent, boolean unrolled) {
    float[] x = RecurrentCheck.random(N * T * 2, 61, 1.0);
    float[] y = new float[N];
    for (int i = 0; i < N; i++) y[i] = x[(i * T + T - 1) * 2] > 0 ? 1f : -1f;
    Dataset d =
        Dataset.ofArrays(List.of(HostArray.ofFloats(x, N, T, 2)), HostArray.ofFloats(y, N, 1));
    try (Model m = Sequential.named("long")
        .input(T, 2)
        .add(recurrent)
        .add(new Dense(1))
        .seed(1)
        .build()) {
      if (unrolled) m.sessionConfig(Recurrent::withoutGrappler);
      m.compile(Optimizers.adam(1e-2), Losses.meanSquaredError());
      List<Double> loss =
          m.fit(d, FitOptions.epochs(4).batchSize(N).shuffle(false).verbose(0)).get("loss");
      double after = loss.get(loss.size() - 1);
      assertTrue(
          Double.isFinite(after) && after < loss.get(0), recurrent.className() + ": " + loss);
      return after;
    }
  }

  @Test
  void fusedLstm() {
    train(new LSTM(8), false);
  }

  @Test
  void unrolledGruWithRecurrentDropout() {
    train(new GRU(8).recurrentDropout(0.1), true);
  }

  @Test
  void maskedTokensFeedAFusedBidirectionalLstm() {
    int n = 16;
    int[] ids = new int[n * T];
    float[] y = new float[n];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < n; i++) {
      int len = 20 + r.nextInt(200);
      for (int t = T - len; t < T; t++) ids[i * T + t] = 1 + r.nextInt(99);
      y[i] = ids[i * T + T - 1] > 50 ? 1f : 0f;
    }
    Dataset d = Dataset.ofArrays(List.of(HostArray.ofInts(ids, n, T)), HostArray.ofFloats(y, n, 1));
    try (Model m = Sequential.named("imdb_like")
        .input(io.tfweave.graph.DType.INT32, T)
        .add(new Embedding(100, 8).maskZero(true))
        .add(new Bidirectional(new LSTM(4)))
        .add(new Dense(1))
        .seed(2)
        .build()) {
      m.compile(Optimizers.adam(1e-2), Losses.meanSquaredError());
      double before = m.evaluate(d, n).get("loss");
      m.fit(d, FitOptions.epochs(3).batchSize(n).verbose(0));
      double after = m.evaluate(d, n).get("loss");
      assertTrue(after < before, before + " -> " + after);
      assertEquals(
          2,
          RecurrentCheck.countOps(m, "BlockLSTMV2") / 3,
          "fused in inference, training and evaluation graphs");
    }
  }
}
