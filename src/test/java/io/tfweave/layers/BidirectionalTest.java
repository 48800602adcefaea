package io.tfweave.layers;

import static io.tfweave.layers.RecurrentCheck.assertClose;
import static io.tfweave.layers.RecurrentCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.graph.Weight;
import io.tfweave.layers.core.Masking;
import io.tfweave.layers.recurrent.Bidirectional;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.recurrent.MergeMode;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

class BidirectionalTest {
  static final int B = 2;
  static final int T = 4;
  static final int F = 3;
  static final int U = 2;

  @Test
  void basics() {
    LayerTester.of(() -> new Bidirectional(new LSTM(3)))
        .inputShape(2, 5, 4)
        .expectOutputShape(2, 6)
        .expectTrainableWeights(6)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(
            () -> new Bidirectional(new GRU(3).returnSequences(true)).mergeMode(MergeMode.SUM))
        .inputShape(2, 5, 4)
        .expectOutputShape(2, 5, 3)
        .expectTrainableWeights(6)
        .run();
  }

  @Test
  void weightsUseKerasNames() {
    SymbolicTensor in = Input.of(T, F);
    Bidirectional bi = new Bidirectional(new LSTM(U));
    try (Model m = Model.of(in, bi.apply(in))) {
      List<String> names = bi.weights().stream().map(w -> m.variableName(w)).toList();
      assertEquals(
          List.of(
              "bidirectional/forward_lstm/kernel",
              "bidirectional/forward_lstm/recurrent_kernel",
              "bidirectional/forward_lstm/bias",
              "bidirectional/backward_lstm/kernel",
              "bidirectional/backward_lstm/recurrent_kernel",
              "bidirectional/backward_lstm/bias"),
          names);
      assertEquals(
          List.of("kernel", "recurrent_kernel", "bias"),
          bi.weights().subList(0, 3).stream().map(Weight::name).toList());
    }
  }

  @Test
  void correctnessWithMaskZeroesPaddingAndReversesBackward() {
    float[] kf = random(F * 4 * U, 31, 0.5);
    float[] rf = random(U * 4 * U, 32, 0.5);
    float[] bf = random(4 * U, 33, 0.5);
    float[] kb = random(F * 4 * U, 34, 0.5);
    float[] rb = random(U * 4 * U, 35, 0.5);
    float[] bb = random(4 * U, 36, 0.5);
    boolean[][] mask = {{false, true, true, true}, {true, true, true, false}};
    float[] x = RecurrentCheck.applyMask(random(B * T * F, 30, 1.0), mask, T, F);
    RnnReference.Result fwd =
        RnnReference.run(x, B, T, F, mask, false, U, 2, RnnReference.lstm(kf, rf, bf, U));
    RnnReference.Result bwd =
        RnnReference.run(x, B, T, F, mask, true, U, 2, RnnReference.lstm(kb, rb, bb, U));
    double[] expected = new double[B * T * 2 * U];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        for (int j = 0; j < U; j++) {
          int at = ((b * T) + t) * 2 * U;
          expected[at + j] = mask[b][t] ? fwd.outputs()[b][t][j] : 0;
          expected[at + U + j] = mask[b][t] ? bwd.outputs()[b][T - 1 - t][j] : 0;
        }
      }
    }
    SymbolicTensor in = Input.of(T, F);
    SymbolicTensor out =
        new Bidirectional(new LSTM(U).returnSequences(true)).apply(new Masking().apply(in));
    try (Model m = Model.of(in, out)) {
      float[] y =
          RecurrentCheck.predict(m, List.of(kf, rf, bf, kb, rb, bb), x, B, T, F).get(0);
      assertClose(expected, y, 1e-5, "bidirectional sequence");
    }
    SymbolicTensor in2 = Input.of(T, F);
    List<SymbolicTensor> outs =
        new Bidirectional(new LSTM(U).returnState(true)).mergeMode(null).applyAll(List.of(in2));
    assertEquals(6, outs.size(), "two outputs plus h, c of each direction");
    try (Model m = Model.of(List.of(in2), outs)) {
      float[] raw = random(B * T * F, 37, 1.0);
      List<float[]> y = RecurrentCheck.predict(m, List.of(kf, rf, bf, kb, rb, bb), raw, B, T, F);
      RnnReference.Result f2 =
          RnnReference.run(raw, B, T, F, null, false, U, 2, RnnReference.lstm(kf, rf, bf, U));
      RnnReference.Result b2 =
          RnnReference.run(raw, B, T, F, null, true, U, 2, RnnReference.lstm(kb, rb, bb, U));
      assertClose(RecurrentCheck.flatten(f2.last()), y.get(0), 1e-5, "forward last");
      assertClose(RecurrentCheck.flatten(b2.last()), y.get(1), 1e-5, "backward last");
      assertClose(RecurrentCheck.state(b2, 1), y.get(5), 1e-5, "backward c");
    }
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> MergeMode.of("max"));
    assertTrue(
        e.getMessage()
            .contains("merge_mode must be one of concat, sum, mul, ave. Received: merge_mode=max"),
        e.getMessage());
    var n = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(null));
    assertTrue(n.getMessage().contains("layer=null"), n.getMessage());
  }
}
