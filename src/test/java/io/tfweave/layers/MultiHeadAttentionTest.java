package io.tfweave.layers;

import static io.tfweave.layers.AttentionReference.*;
import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.attention.MultiHeadAttention;
import io.tfweave.layers.core.Masking;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.LayerTester;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** MultiHeadAttention: conformance, Keras's weight layout, exact outputs with masks, errors, gradients. */
class MultiHeadAttentionTest {
  static final int N = 2;
  static final int T = 3;
  static final int S = 4;
  static final int DQ = 4;
  static final int DV = 5;
  static final int DK = 3;
  static final int H = 2;
  static final int KD = 3;
  static final int VD = 2;

  @Test
  void basics() {
    LayerTester.of(() -> new MultiHeadAttention(2, 3))
        .inputShapes(new long[] {2, 4, 6}, new long[] {2, 5, 6})
        .expectOutputShape(2, 4, 6)
        .expectTrainableWeights(8)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new MultiHeadAttention(2, 2)
            .valueDim(3)
            .useBias(false)
            .outputShape(5)
            .useCausalMask(true))
        .inputShapes(new long[] {2, 3, 4}, new long[] {2, 3, 2}, new long[] {2, 3, 6})
        .expectOutputShape(2, 3, 5)
        .expectTrainableWeights(4)
        .run();
    LayerTester.of(() -> new MultiHeadAttention(1, 2).dropout(0.2).seed(3))
        .skipTrainingStep()
        .inputShapes(
            new long[] {2, 3, 4}, new long[] {2, 5, 4}, new long[] {2, 5, 4}, new long[] {2, 3, 5})
        .expectOutputShape(2, 3, 4)
        .run();
  }

  @Test
  void kerasWeightLayoutAndConfig() {
    MultiHeadAttention mha = new MultiHeadAttention(H, KD).valueDim(VD).named("mha");
    mha.applyAll(List.of(Input.of(T, DQ), Input.of(S, DV), Input.of(S, DK)));
    assertEquals(
        List.of(
            "query/kernel",
            "query/bias",
            "key/kernel",
            "key/bias",
            "value/kernel",
            "value/bias",
            "attention_output/kernel",
            "attention_output/bias"),
        mha.weights().stream().map(Weight::name).toList());
    assertEquals(
        List.of(
            "[4, 2, 3]",
            "[2, 3]",
            "[3, 2, 3]",
            "[2, 3]",
            "[5, 2, 2]",
            "[2, 2]",
            "[2, 2, 4]",
            "[4]"),
        mha.weights().stream().map(w -> w.shape().toString()).toList());
    assertEquals("mha/query/kernel", mha.weights().get(0).path());
    var c = new MultiHeadAttention(4, 16).outputShape(8).config();
    assertEquals(16, c.get("value_dim"));
    assertEquals(List.of(8), c.get("output_shape"));
    assertNull(c.get("attention_axes"));
    assertEquals(0.0, c.get("dropout"));
  }

  private static float[][] randomWeights(boolean bias, int out, long seed) {
    return new float[][] {
      random(DQ * H * KD, seed),
      bias ? random(H * KD, seed + 1) : null,
      random(DK * H * KD, seed + 2),
      bias ? random(H * KD, seed + 3) : null,
      random(DV * H * VD, seed + 4),
      bias ? random(H * VD, seed + 5) : null,
      random(H * VD * out, seed + 6),
      bias ? random(out, seed + 7) : null
    };
  }

  private static List<FloatNdArray> nds(float[][] w, int out) {
    long[][] shapes = {
      {DQ, H, KD}, {H, KD}, {DK, H, KD}, {H, KD}, {DV, H, VD}, {H, VD}, {H, VD, out}, {out}
    };
    List<FloatNdArray> l = new ArrayList<>();
    for (int i = 0; i < w.length; i++) if (w[i] != null) l.add(nd(w[i], shapes[i]));
    return l;
  }

  private static List<float[]> run(Model m, float[]... inputs) {
    long[][] shapes = {{N, T, DQ}, {N, S, DV}, {N, S, DK}, {N, T, S}};
    List<HostArray> xs = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) xs.add(HostArray.ofFloats(inputs[i], shapes[i]));
    return m.predictAll(Dataset.ofArrays(xs, null), N).stream()
        .map(ImageTestSupport::flat)
        .toList();
  }

  @Test
  void correctnessWithKeyValueAndExplicitMask() {
    float[] q = random(N * T * DQ, 1);
    float[] v = random(N * S * DV, 2);
    float[] k = random(N * S * DK, 3);
    float[][] w = randomWeights(true, DQ, 10);
    var qi = Input.of(T, DQ);
    var vi = Input.of(S, DV);
    var ki = Input.of(S, DK);
    var mi = Input.of(T, S);
    MultiHeadAttention mha = new MultiHeadAttention(H, KD).valueDim(VD).returnAttentionScores(true);
    try (Model m = Model.of(List.of(qi, vi, ki, mi), mha.applyAll(List.of(qi, vi, ki, mi)))) {
      m.setWeights(nds(w, DQ));
      float[] mask = new float[N * T * S];
      boolean[] allowed = new boolean[mask.length];
      Random r = new Random(4);
      for (int i = 0; i < mask.length; i++) allowed[i] = i % S == 0 || r.nextBoolean();
      for (int i = 0; i < mask.length; i++) mask[i] = allowed[i] ? 1 : 0;
      List<float[]> y = run(m, q, v, k, mask);
      Mha want = mha(q, v, k, N, T, S, DQ, DV, DK, H, KD, VD, DQ, w, allowed);
      assertClose(want.output(), y.get(0), 1e-4, "output");
      assertClose(want.weights(), y.get(1), 1e-5, "attention scores");
      float[] ones = new float[mask.length];
      java.util.Arrays.fill(ones, 1);
      assertClose(
          mha(q, v, k, N, T, S, DQ, DV, DK, H, KD, VD, DQ, w, null).output(),
          run(m, q, v, k, ones).get(0),
          1e-4,
          "all-ones mask = no mask");
    }
  }

  @Test
  void causalAndInputMasksAsKeras() {
    // self-attention on a query whose last step is padding (all zeros, marked by Masking); values
    // masked the same way
    float[] x = random(N * T * DQ, 5);
    for (int b = 0; b < N; b++) for (int c = 0; c < DQ; c++) x[(b * T + T - 1) * DQ + c] = 0;
    float[][] w = randomWeights(true, DQ, 20);
    float[][] wSelf = w.clone();
    // key and value read the query here: their kernels are [DQ, H, size]
    wSelf[2] = random(DQ * H * KD, 30);
    wSelf[4] = random(DQ * H * VD, 31);
    var in = Input.of(T, DQ);
    var masked = new Masking().apply(in);
    MultiHeadAttention mha = new MultiHeadAttention(H, KD).valueDim(VD).useCausalMask(true);
    try (Model m = Model.of(in, mha.apply(masked, masked))) {
      List<FloatNdArray> ws = new ArrayList<>(List.of(
          nd(wSelf[0], DQ, H, KD),
          nd(wSelf[1], H, KD),
          nd(wSelf[2], DQ, H, KD),
          nd(wSelf[3], H, KD),
          nd(wSelf[4], DQ, H, VD),
          nd(wSelf[5], H, VD),
          nd(wSelf[6], H, VD, DQ),
          nd(wSelf[7], DQ)));
      m.setWeights(ws);
      float[] y = predict(m, x, N, T, DQ);
      // query mask [B, T, 1] & value mask [B, 1, S] & causal [1, T, S]
      boolean[] allowed = new boolean[N * T * T];
      for (int b = 0; b < N; b++) {
        for (int i = 0; i < T; i++) {
          for (int j = 0; j < T; j++)
            allowed[(b * T + i) * T + j] = i != T - 1 && j != T - 1 && j <= i;
        }
      }
      Mha want =
          AttentionReference.mha(x, x, x, N, T, T, DQ, DQ, DQ, H, KD, VD, DQ, wSelf, allowed);
      assertClose(want.output(), y, 1e-4, "causal + padding masks");
    }
  }

  @Test
  void errors() {
    var mha = new MultiHeadAttention(2, 4).named("mha");
    var e = assertThrows(ShapeMismatchException.class, () -> mha.apply(Input.of(3, 4)));
    assertTrue(
        e.getMessage()
            .contains("takes 2 to 4 inputs (query, value[, key[, attention_mask]]), received 1"),
        e.getMessage());
    e = assertThrows(
        ShapeMismatchException.class,
        () -> new MultiHeadAttention(2, 4).named("m2").apply(Input.of(4), Input.of(3, 4)));
    assertTrue(
        e.getMessage()
            .contains(
                "Layer 'm2' (MultiHeadAttention) expects a 3-D query (batch, steps, features)"),
        e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> new MultiHeadAttention(2, 4)
        .apply(Input.of(3, 4), Input.of(5, 4), Input.of(6, 4)));
    assertTrue(
        e.getMessage().contains("expects a key with as many steps as the value"), e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> new MultiHeadAttention(2, 4)
        .apply(Input.of(3, 4), Input.of(5, 4), Input.of(5, 4), Input.of(3, 4)));
    assertTrue(
        e.getMessage().contains("expects an attention_mask of shape (batch, 3, 5)"),
        e.getMessage());
    var a = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 4));
    assertTrue(a.getMessage().contains("Received: numHeads=0"), a.getMessage());
    a = assertThrows(
        IllegalArgumentException.class, () -> new MultiHeadAttention(2, 4).attentionAxes(2));
    assertTrue(
        a.getMessage().contains("attention_axes must be null or the steps axis [1]"),
        a.getMessage());
    var two = new MultiHeadAttention(2, 2).returnAttentionScores(true).named("two");
    var x = Input.of(3, 4);
    var s = assertThrows(IllegalStateException.class, () -> two.apply(x, x));
    assertTrue(s.getMessage().contains("has 2 outputs; use applyAll"), s.getMessage());
  }

  /** Checks the gradients of a self-attention model {@code mha(x, x)} and of a cross-attention one {@code mha(q, v)}. */
  static void checkGradients(
      java.util.function.Supplier<Layer> layer, long t, long s, long d, long dv) {
    var x = Input.of(t, d);
    try (Model m = Model.of(x, layer.get().apply(x, x))) {
      float[] data = random((int) (2 * t * d), 8);
      GradientCheck.ofModel(m, Dataset.ofArrays(List.of(HostArray.ofFloats(data, 2, t, d)), null))
          .run()
          .assertWithin(2e-2);
    }
    var q = Input.of(t, d);
    var v = Input.of(s, dv);
    try (Model m = Model.of(List.of(q, v), List.of(layer.get().apply(q, v)))) {
      Dataset data = Dataset.ofArrays(
          List.of(
              HostArray.ofFloats(random((int) (2 * t * d), 9), 2, t, d),
              HostArray.ofFloats(random((int) (2 * s * dv), 10), 2, s, dv)),
          null);
      GradientCheck.ofModel(m, data).run().assertWithin(2e-2);
    }
  }

  @Test
  void gradients() {
    checkGradients(() -> new MultiHeadAttention(2, 3).valueDim(2), 3, 4, 4, 5);
    checkGradients(
        () -> new MultiHeadAttention(2, 2).useCausalMask(true).outputShape(3), 4, 4, 3, 4);
  }
}
