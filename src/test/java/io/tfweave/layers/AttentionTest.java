package io.tfweave.layers;

import static io.tfweave.layers.AttentionReference.*;
import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.attention.AdditiveAttention;
import io.tfweave.layers.attention.Attention;
import io.tfweave.layers.attention.Attention.ScoreMode;
import io.tfweave.layers.core.Masking;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attention (dot and concat) and AdditiveAttention: conformance, exact outputs with masks, errors, gradients. */
class AttentionTest {
  static final int N = 2;
  static final int TQ = 3;
  static final int TV = 4;
  static final int D = 3;
  static final int DV = 2;

  @Test
  void basics() {
    LayerTester.of(Attention::new)
        .inputShapes(new long[] {2, 3, 4}, new long[] {2, 5, 4})
        .expectOutputShape(2, 3, 4)
        .expectTrainableWeights(0)
        .run();
    LayerTester.of(
            () -> new Attention().useScale(true).scoreMode(ScoreMode.CONCAT).useCausalMask(true))
        .inputShapes(new long[] {2, 3, 4}, new long[] {2, 3, 2}, new long[] {2, 3, 4})
        .expectOutputShape(2, 3, 2)
        .expectTrainableWeights(2)
        .run();
    LayerTester.of(AdditiveAttention::new)
        .inputShapes(new long[] {2, 3, 4}, new long[] {2, 5, 4})
        .expectOutputShape(2, 3, 4)
        .expectTrainableWeights(1)
        .run();
  }

  @Test
  void kerasWeightsAndConfig() {
    Attention a = new Attention().useScale(true).scoreMode(ScoreMode.CONCAT);
    a.apply(Input.of(TQ, D), Input.of(TV, D));
    assertEquals(
        List.of("scale", "concat_score_weight"),
        a.weights().stream().map(Weight::name).toList());
    assertEquals("concat", a.config().get("score_mode"));
    AdditiveAttention b = new AdditiveAttention();
    b.apply(Input.of(TQ, D), Input.of(TV, D));
    assertEquals("[3]", b.weights().get(0).shape().toString());
    assertEquals(true, b.config().get("use_scale"));
    assertFalse(b.config().containsKey("score_mode"));
  }

  /** Reference: scores → value mask (−1e9) → softmax → · value → query mask zeros. Masks: true = real step. */
  static double[] reference(
      float[] q,
      float[] v,
      float[] k,
      boolean[] qMask,
      boolean[] vMask,
      boolean causal,
      java.util.function.BiFunction<Integer, Integer, Double> pairScore) {
    double[] s = new double[N * TQ * TV];
    boolean[] allowed = new boolean[s.length];
    for (int b = 0; b < N; b++) {
      for (int i = 0; i < TQ; i++) {
        for (int j = 0; j < TV; j++) {
          int at = (b * TQ + i) * TV + j;
          s[at] = pairScore.apply(b * TQ + i, b * TV + j);
          allowed[at] = (vMask == null || vMask[b * TV + j]) && (!causal || j <= i);
        }
      }
    }
    double[] p = softmaxRows(s, allowed, TV);
    double[] y = new double[N * TQ * DV];
    for (int b = 0; b < N; b++) {
      for (int i = 0; i < TQ; i++) {
        for (int f = 0; f < DV; f++) {
          double acc = 0;
          for (int j = 0; j < TV; j++) acc += p[(b * TQ + i) * TV + j] * v[(b * TV + j) * DV + f];
          y[(b * TQ + i) * DV + f] = qMask == null || qMask[b * TQ + i] ? acc : 0;
        }
      }
    }
    return y;
  }

  private static float[] zeroSteps(float[] x, int steps, int d, int... zeroed) {
    float[] r = x.clone();
    for (int z : zeroed) for (int c = 0; c < d; c++) r[z * d + c] = 0;
    return r;
  }

  private static float[] run(Layer layer, float[] q, float[] v, float[] k, boolean mask) {
    var qi = Input.of(TQ, D);
    var vi = Input.of(TV, DV);
    var ki = Input.of(TV, D);
    var qm = mask ? new Masking().apply(qi) : qi;
    var vm = mask ? new Masking().apply(vi) : vi;
    try (Model m = Model.of(List.of(qi, vi, ki), List.of(layer.apply(qm, vm, ki)))) {
      if (!layer.weights().isEmpty()) {
        m.setWeights(layer.weights().stream()
            .map(w -> nd(scaled(w.size()), w.shape().asArray()))
            .toList());
      }
      return flat(m.predict(Dataset.ofArrays(
          List.of(
              HostArray.ofFloats(q, N, TQ, D),
              HostArray.ofFloats(v, N, TV, DV),
              HostArray.ofFloats(k, N, TV, D)),
          null)));
    }
  }

  /** Hand-set weights: 0.5, 0.75, 1.0, ... */
  private static float[] scaled(long n) {
    float[] f = new float[(int) n];
    for (int i = 0; i < n; i++) f[i] = 0.5f + 0.25f * i;
    return f;
  }

  @Test
  void correctness() {
    // query step 2 of sample 0 and value step 3 of both samples are padding (all zeros, marked by
    // Masking)
    float[] q = zeroSteps(random(N * TQ * D, 1), TQ, D, 2);
    float[] v = zeroSteps(random(N * TV * DV, 2), TV, DV, 3, TV + 3);
    float[] k = random(N * TV * D, 3);
    boolean[] qMask = {true, true, false, true, true, true};
    boolean[] vMask = {true, true, true, false, true, true, true, false};
    java.util.function.BiFunction<Integer, Integer, Double> dot = (i, j) -> {
      double s = 0;
      for (int c = 0; c < D; c++) s += q[i * D + c] * k[j * D + c];
      return s;
    };
    assertClose(
        reference(q, v, k, null, null, false, dot),
        run(new Attention(), q, v, k, false),
        1e-5,
        "dot");
    assertClose(
        reference(q, v, k, qMask, vMask, false, dot),
        run(new Attention(), q, v, k, true),
        1e-5,
        "dot, masks");
    assertClose(
        reference(q, v, k, null, null, true, (i, j) -> 0.5 * dot.apply(i, j)),
        run(new Attention().useScale(true).useCausalMask(true), q, v, k, false),
        1e-5,
        "scaled dot, causal");
    // concat with scale 0.5 and concat_score_weight 0.5: 0.5 · Σ tanh(0.5 · (q + k))
    assertClose(
        reference(q, v, k, null, null, false, (i, j) -> {
          double s = 0;
          for (int c = 0; c < D; c++) s += Math.tanh(0.5 * (q[i * D + c] + k[j * D + c]));
          return 0.5 * s;
        }),
        run(new Attention().useScale(true).scoreMode(ScoreMode.CONCAT), q, v, k, false),
        1e-5,
        "concat");
    // additive with scale [0.5, 0.75, 1.0]: Σ_d scale_d · tanh(q + k)
    assertClose(
        reference(q, v, k, qMask, vMask, false, (i, j) -> {
          double s = 0;
          for (int c = 0; c < D; c++)
            s += (0.5 + 0.25 * c) * Math.tanh(q[i * D + c] + k[j * D + c]);
          return s;
        }),
        run(new AdditiveAttention(), q, v, k, true),
        1e-5,
        "additive, masks");
  }

  @Test
  void errors() {
    var e = assertThrows(
        ShapeMismatchException.class, () -> new Attention().named("att").apply(Input.of(3, 4)));
    assertTrue(
        e.getMessage().contains("takes 2 or 3 inputs (query, value[, key]), received 1"),
        e.getMessage());
    e = assertThrows(
        ShapeMismatchException.class,
        () -> new Attention().named("att").apply(Input.of(3, 4), Input.of(5, 3)));
    assertTrue(
        e.getMessage()
            .contains("Layer 'att' (Attention) expects a key with the query's 4 features"),
        e.getMessage());
    var a =
        assertThrows(IllegalArgumentException.class, () -> new AdditiveAttention().dropout(1.5));
    assertTrue(a.getMessage().contains("Received: dropout=1.5"), a.getMessage());
    a = assertThrows(
        IllegalArgumentException.class,
        () -> Attention.fromConfig(java.util.Map.of("score_mode", "cosine")));
    assertTrue(
        a.getMessage()
            .contains("score_mode must be one of dot, concat. Received: score_mode=cosine"),
        a.getMessage());
  }

  @Test
  void gradients() {
    MultiHeadAttentionTest.checkGradients(() -> new Attention().useScale(true), 3, 4, 3, 3);
    MultiHeadAttentionTest.checkGradients(
        () -> new Attention().scoreMode(ScoreMode.CONCAT).useCausalMask(true), 4, 4, 3, 3);
    MultiHeadAttentionTest.checkGradients(AdditiveAttention::new, 3, 4, 3, 3);
  }
}
