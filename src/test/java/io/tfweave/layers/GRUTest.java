package io.tfweave.layers;

import static io.tfweave.layers.RecurrentCheck.assertClose;
import static io.tfweave.layers.RecurrentCheck.flatten;
import static io.tfweave.layers.RecurrentCheck.random;
import static io.tfweave.layers.RecurrentCheck.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.layers.core.Masking;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

class GRUTest {
  static final int B = 2;
  static final int T = 4;
  static final int F = 3;
  static final int U = 3;

  @Test
  void basics() {
    LayerTester.of(() -> new GRU(4))
        .inputShape(2, 5, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(3)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new GRU(4).resetAfter(false).returnSequences(true))
        .inputShape(2, 5, 3)
        .expectOutputShape(2, 5, 4)
        .expectTrainableWeights(3)
        .run();
  }

  @Test
  void biasLayoutFollowsResetAfter() {
    GRU after = new GRU(U);
    GRU before = new GRU(U).resetAfter(false);
    SymbolicTensor in = Input.of(T, F);
    try (Model m = Model.of(in, before.apply(after.returnSequences(true).apply(in)))) {
      assertArrayEquals(new long[] {2, 3 * U}, after.weights().get(2).shape().asArray());
      assertArrayEquals(new long[] {3 * U}, before.weights().get(2).shape().asArray());
      assertArrayEquals(new long[] {F, 3 * U}, after.weights().get(0).shape().asArray());
      assertTrue(m.weights().containsAll(before.weights()));
    }
  }

  @Test
  void correctnessMatchesJavaReference() {
    float[] x = random(B * T * F, 11, 1.0);
    float[] k = random(F * 3 * U, 12, 0.5);
    float[] r = random(U * 3 * U, 13, 0.5);
    boolean[][] mask = {{false, true, true, true}, {true, true, false, true}};
    for (boolean resetAfter : new boolean[] {true, false}) {
      float[] b = random(resetAfter ? 6 * U : 3 * U, 14, 0.5);
      for (boolean masked : new boolean[] {false, true}) {
        for (boolean back : new boolean[] {false, true}) {
          float[] xs = masked ? RecurrentCheck.applyMask(x, mask, T, F) : x;
          RnnReference.Result ref = RnnReference.run(
              xs,
              B,
              T,
              F,
              masked ? mask : null,
              back,
              U,
              1,
              RnnReference.gru(k, r, b, U, resetAfter));
          SymbolicTensor in = Input.of(T, F);
          SymbolicTensor h = masked ? new Masking().apply(in) : in;
          List<SymbolicTensor> outs = new GRU(U)
              .resetAfter(resetAfter)
              .goBackwards(back)
              .returnSequences(true)
              .returnState(true)
              .applyAll(List.of(h));
          try (Model m = Model.of(List.of(in), outs)) {
            List<float[]> y = RecurrentCheck.predict(m, List.of(k, r, b), xs, B, T, F);
            String what = "resetAfter=" + resetAfter + " masked=" + masked + " goBackwards=" + back;
            assertClose(flatten(ref.outputs()), y.get(0), 1e-5, what + " sequence");
            assertClose(state(ref, 0), y.get(1), 1e-5, what + " state");
          }
        }
      }
    }
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new GRU(-1));
    assertTrue(e.getMessage().contains("Received: units=-1"), e.getMessage());
    var d = assertThrows(IllegalArgumentException.class, () -> new GRU(2).recurrentDropout(-0.1));
    assertTrue(
        d.getMessage()
            .contains(
                "recurrentDropout must be in the range [0, 1). Received: recurrentDropout=-0.1"),
        d.getMessage());
    var u = assertThrows(io.tfweave.shape.ShapeMismatchException.class, () -> {
      SymbolicTensor in = Input.of(-1, 3);
      try (Model m = Model.of(in, new GRU(2).apply(in))) {
        m.predict(RecurrentCheck.nd(new float[6], 1, 2, 3));
      }
    });
    assertTrue(u.getMessage().contains("a known number of time steps"), u.getMessage());
  }
}
