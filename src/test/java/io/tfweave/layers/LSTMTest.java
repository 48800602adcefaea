package io.tfweave.layers;

import static io.tfweave.layers.RecurrentCheck.assertClose;
import static io.tfweave.layers.RecurrentCheck.flatten;
import static io.tfweave.layers.RecurrentCheck.random;
import static io.tfweave.layers.RecurrentCheck.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.activations.Activation;
import io.tfweave.layers.core.Masking;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

class LSTMTest {
  static final int B = 3;
  static final int T = 5;
  static final int F = 4;
  static final int U = 3;

  @Test
  void basics() {
    LayerTester.of(() -> new LSTM(4))
        .inputShape(2, 6, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(3)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new LSTM(4).returnSequences(true).unroll(true))
        .inputShape(2, 6, 3)
        .expectOutputShape(2, 6, 4)
        .expectTrainableWeights(3)
        .run();
    LayerTester.of(() -> new LSTM(4).dropout(0.2).recurrentDropout(0.2).goBackwards(true))
        .inputShape(2, 6, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(3)
        .run();
  }

  @Test
  void weightsHaveKerasNamesAndShapes() {
    SymbolicTensor in = Input.of(T, F);
    LSTM l = new LSTM(U);
    try (Model m = Model.of(in, l.apply(in))) {
      assertEquals(
          List.of("kernel", "recurrent_kernel", "bias"),
          l.weights().stream().map(w -> w.name()).toList());
      assertArrayEquals(new long[] {F, 4 * U}, l.weights().get(0).shape().asArray());
      assertArrayEquals(new long[] {U, 4 * U}, l.weights().get(1).shape().asArray());
      assertArrayEquals(new long[] {4 * U}, l.weights().get(2).shape().asArray());
      assertEquals("lstm/kernel", m.variableName(l.weights().get(0)));
      float[] bias = m.weightValue(l.weights().get(2));
      for (int j = 0; j < 4 * U; j++)
        assertEquals(j >= U && j < 2 * U ? 1f : 0f, bias[j], "unit forget bias at " + j);
      float[] r = m.weightValue(l.weights().get(1));
      double dot = 0;
      for (int c = 0; c < 4 * U; c++) dot += r[c] * r[4 * U + c];
      assertEquals(0, dot, 1e-5, "recurrent kernel rows are orthogonal");
    }
  }

  @Test
  void correctnessFusedAndUnrolledMatchJavaReference() {
    float[] x = random(B * T * F, 1, 1.0);
    float[] k = random(F * 4 * U, 2, 0.5);
    float[] r = random(U * 4 * U, 3, 0.5);
    float[] b = random(4 * U, 4, 0.5);
    for (boolean unroll : new boolean[] {false, true}) {
      for (boolean back : new boolean[] {false, true}) {
        RnnReference.Result ref =
            RnnReference.run(x, B, T, F, null, back, U, 2, RnnReference.lstm(k, r, b, U));
        SymbolicTensor in = Input.of(T, F);
        List<SymbolicTensor> outs = new LSTM(U)
            .unroll(unroll)
            .goBackwards(back)
            .returnSequences(true)
            .returnState(true)
            .applyAll(List.of(in));
        try (Model m = Model.of(List.of(in), outs)) {
          List<float[]> y = RecurrentCheck.predict(m, List.of(k, r, b), x, B, T, F);
          String what = "unroll=" + unroll + " goBackwards=" + back;
          assertEquals(
              unroll ? 0 : 1, RecurrentCheck.countOps(m, "BlockLSTMV2"), what + " fused op");
          assertClose(flatten(ref.outputs()), y.get(0), 1e-5, what + " sequence");
          assertClose(state(ref, 0), y.get(1), 1e-5, what + " h");
          assertClose(state(ref, 1), y.get(2), 1e-5, what + " c");
        }
      }
    }
  }

  @Test
  void maskedStepsKeepTheStateAsKeras() {
    int b4 = 4;
    float[] k = random(F * 4 * U, 2, 0.5);
    float[] r = random(U * 4 * U, 3, 0.5);
    float[] b = random(4 * U, 4, 0.5);
    boolean[][] mask = {
      {false, false, true, true, true},
      {true, true, true, false, false},
      {true, false, true, false, true},
      {false, false, false, false, false}
    };
    float[] x = RecurrentCheck.applyMask(random(b4 * T * F, 1, 1.0), mask, T, F);
    for (boolean unroll : new boolean[] {false, true}) {
      for (boolean back : new boolean[] {false, true}) {
        RnnReference.Result ref =
            RnnReference.run(x, b4, T, F, mask, back, U, 2, RnnReference.lstm(k, r, b, U));
        SymbolicTensor in = Input.of(T, F);
        SymbolicTensor masked = new Masking().apply(in);
        List<SymbolicTensor> outs = new LSTM(U)
            .unroll(unroll)
            .goBackwards(back)
            .returnSequences(true)
            .returnState(true)
            .applyAll(List.of(masked));
        try (Model m = Model.of(List.of(in), outs)) {
          String what = "masked, unroll=" + unroll + " goBackwards=" + back;
          assertEquals(
              unroll ? 0 : 1, RecurrentCheck.countOps(m, "BlockLSTMV2"), what + " fused op");
          List<float[]> y = RecurrentCheck.predict(m, List.of(k, r, b), x, b4, T, F);
          assertClose(flatten(ref.outputs()), y.get(0), 1e-5, what + " sequence");
          assertClose(state(ref, 0), y.get(1), 1e-5, what + " h");
          assertClose(state(ref, 1), y.get(2), 1e-5, what + " c");
        }
      }
    }
  }

  @Test
  void customActivationsUseTheUnrolledGraph() {
    float[] x = random(B * T * F, 1, 1.0);
    SymbolicTensor in = Input.of(T, F);
    SymbolicTensor out = new LSTM(U)
        .activation(Activation.RELU)
        .recurrentActivation(Activation.SIGMOID)
        .apply(in);
    try (Model m = Model.of(in, out)) {
      List<float[]> y = RecurrentCheck.predict(
          m,
          List.of(random(F * 4 * U, 2, 0.5), random(U * 4 * U, 3, 0.5), random(4 * U, 4, 0.5)),
          x,
          B,
          T,
          F);
      assertEquals(B * U, y.get(0).length);
      assertEquals(0, RecurrentCheck.countOps(m, "BlockLSTMV2"), "custom activations are unrolled");
      assertTrue(RecurrentCheck.countOps(m, "MatMul") > T, "one recurrent matmul per step");
    }
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
    assertTrue(e.getMessage().contains("Received: units=0"), e.getMessage());
    var d = assertThrows(IllegalArgumentException.class, () -> new LSTM(2).dropout(1.0));
    assertTrue(d.getMessage().contains("dropout must be in the range [0, 1)"), d.getMessage());
    var s = assertThrows(ShapeMismatchException.class, () -> new LSTM(2).apply(Input.of(8)));
    assertTrue(
        s.getMessage()
            .contains("expects a 3D input (batch, time, features), but received shape [?, 8]"),
        s.getMessage());
    var st = assertThrows(
        IllegalArgumentException.class,
        () -> LSTM.fromConfig(java.util.Map.of("units", 2, "stateful", true)));
    assertTrue(st.getMessage().contains("stateful"), st.getMessage());
  }
}
