package io.tfweave.blocks;

import static io.tfweave.layers.AttentionReference.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.graph.Weight;
import io.tfweave.layers.AttentionReference;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.pooling.GlobalAveragePooling1D;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.LayerTester;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** TransformerEncoder and TokenAndPositionEmbedding: conformance, keras_hub's names, exact outputs, masks, gradients. */
class TransformerBlocksTest {
  static final int N = 2;
  static final int T = 3;
  static final int D = 4;
  static final int H = 2;
  static final int F = 6;

  static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 0.5);
    return v;
  }

  static float[] flat(FloatNdArray a) {
    float[] f = new float[(int) a.shape().size()];
    a.copyTo(DataBuffers.of(f, false, false));
    return f;
  }

  @Test
  void basics() {
    LayerTester.of(() -> new TransformerEncoder(8, 2))
        .inputShape(2, 5, 4)
        .expectOutputShape(2, 5, 4)
        .expectTrainableWeights(16)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new TransformerEncoder(6, 1)
            .normalizeFirst(true)
            .dropout(0.1)
            .activation(io.tfweave.activations.Activation.GELU))
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 3, 4)
        .skipTrainingStep()
        .run();
    LayerTester.of(() -> new TokenAndPositionEmbedding(10, 8, 4).maskZero(true))
        .intInputs(10)
        .inputShape(2, 6)
        .expectOutputShape(2, 6, 4)
        .expectTrainableWeights(2)
        .run();
  }

  @Test
  void kerasHubNamesAndConfig() {
    TransformerEncoder e = new TransformerEncoder(F, H).named("transformer_encoder");
    e.apply(Input.of(T, D));
    assertEquals(
        List.of(
            "self_attention/query/kernel",
            "self_attention/query/bias",
            "self_attention/key/kernel",
            "self_attention/key/bias",
            "self_attention/value/kernel",
            "self_attention/value/bias",
            "self_attention/attention_output/kernel",
            "self_attention/attention_output/bias",
            "self_attention_layer_norm/gamma",
            "self_attention_layer_norm/beta",
            "feedforward_layer_norm/gamma",
            "feedforward_layer_norm/beta",
            "feedforward_intermediate_dense/kernel",
            "feedforward_intermediate_dense/bias",
            "feedforward_output_dense/kernel",
            "feedforward_output_dense/bias"),
        e.weights().stream()
            .map(w -> w.path().substring("transformer_encoder/".length()))
            .toList());
    assertEquals("[4, 2, 2]", e.weights().get(0).shape().toString());
    var c = e.config();
    assertEquals(1e-5, c.get("layer_norm_epsilon"));
    assertEquals("relu", c.get("activation"));
    assertEquals(false, c.get("normalize_first"));
    TokenAndPositionEmbedding t =
        new TokenAndPositionEmbedding(20, 8, 4).named("token_and_position_embedding");
    t.apply(Input.of(DType.INT32, 8));
    assertEquals(
        List.of(
            "token_and_position_embedding/token_embedding/embeddings",
            "token_and_position_embedding/position_embedding/embeddings"),
        t.weights().stream().map(Weight::path).toList());
    assertEquals(
        List.of("[20, 4]", "[8, 4]"),
        t.weights().stream().map(w -> w.shape().toString()).toList());
  }

  /** Layer normalization of each row of {@code x} (length {@code d}). */
  static double[] layerNorm(double[] x, int d, float[] g, float[] b, double eps) {
    double[] y = new double[x.length];
    for (int r = 0; r < x.length / d; r++) {
      double mean = 0;
      for (int j = 0; j < d; j++) mean += x[r * d + j] / d;
      double var = 0;
      for (int j = 0; j < d; j++) var += Math.pow(x[r * d + j] - mean, 2) / d;
      for (int j = 0; j < d; j++)
        y[r * d + j] = g[j] * (x[r * d + j] - mean) / Math.sqrt(var + eps) + b[j];
    }
    return y;
  }

  static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  static double[] add(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) r[i] = a[i] + b[i];
    return r;
  }

  /** The encoder on {@code x} [N, T, D] with weights {@code w} in the layer's order. */
  static double[] encoder(float[] x, float[][] w, boolean preNorm) {
    float[][] att = java.util.Arrays.copyOfRange(w, 0, 8);
    java.util.function.Function<float[], double[]> mha =
        in -> AttentionReference.mha(in, in, in, N, T, T, D, D, D, H, D / H, D / H, D, att, null)
            .output();
    java.util.function.Function<float[], double[]> ff = in -> {
      double[] h = AttentionReference.project(in, N, T, D, w[12], w[13], F);
      for (int i = 0; i < h.length; i++) h[i] = Math.max(0, h[i]);
      return AttentionReference.project(toFloats(h), N, T, F, w[14], w[15], D);
    };
    double[] xd = new double[x.length];
    for (int i = 0; i < x.length; i++) xd[i] = x[i];
    if (!preNorm) {
      double[] x1 = layerNorm(add(xd, mha.apply(x)), D, w[8], w[9], 1e-5);
      return layerNorm(add(x1, ff.apply(toFloats(x1))), D, w[10], w[11], 1e-5);
    }
    double[] x1 = add(xd, mha.apply(toFloats(layerNorm(xd, D, w[8], w[9], 1e-5))));
    return add(x1, ff.apply(toFloats(layerNorm(x1, D, w[10], w[11], 1e-5))));
  }

  @Test
  void encoderCorrectness() {
    float[] x = random(N * T * D, 1);
    for (boolean preNorm : new boolean[] {false, true}) {
      TransformerEncoder e = new TransformerEncoder(F, H).normalizeFirst(preNorm);
      SymbolicTensor in = Input.of(T, D);
      try (Model m = Model.of(in, e.apply(in))) {
        List<FloatNdArray> values = new ArrayList<>();
        float[][] w = new float[e.weights().size()][];
        for (int i = 0; i < w.length; i++) {
          Weight wt = e.weights().get(i);
          w[i] = random((int) wt.size(), 10 + i);
          if (wt.name().endsWith("gamma")) for (int j = 0; j < w[i].length; j++) w[i][j] += 1;
          values.add(NdArrays.wrap(wt.shape(), DataBuffers.of(w[i], false, false)));
        }
        m.setWeights(values);
        float[] y =
            flat(m.predict(Dataset.ofArrays(List.of(HostArray.ofFloats(x, N, T, D)), null)));
        assertClose(encoder(x, w, preNorm), y, 1e-4, preNorm ? "pre-norm" : "post-norm");
      }
    }
  }

  @Test
  void tokenAndPositionEmbeddingCorrectnessAndPaddingMask() {
    int vocab = 6;
    int len = 4;
    float[] tokens = random(vocab * D, 2);
    float[] positions = random(len * D, 3);
    SymbolicTensor ids = Input.of(DType.INT32, -1);
    TokenAndPositionEmbedding emb = new TokenAndPositionEmbedding(vocab, len, D).maskZero(true);
    SymbolicTensor embedded = emb.apply(ids);
    SymbolicTensor encoded = new TransformerEncoder(F, H).apply(embedded);
    SymbolicTensor pooled = new GlobalAveragePooling1D().apply(encoded);
    try (Model m = Model.of(List.of(ids), List.of(embedded, encoded, pooled))) {
      List<FloatNdArray> w = new ArrayList<>(List.of(
          NdArrays.wrap(Shape.of(vocab, D), DataBuffers.of(tokens, false, false)),
          NdArrays.wrap(Shape.of(len, D), DataBuffers.of(positions, false, false))));
      for (int i = 2; i < m.weights().size(); i++) {
        Weight wt = m.weights().get(i);
        w.add(NdArrays.wrap(
            wt.shape(), DataBuffers.of(random((int) wt.size(), 20 + i), false, false)));
      }
      m.setWeights(w);
      List<FloatNdArray> padded = m.predictAll(
          Dataset.ofArrays(List.of(HostArray.ofInts(new int[] {5, 3, 0, 0}, 1, 4)), null), 1);
      float[] e = flat(padded.get(0));
      int[] seq = {5, 3, 0, 0};
      for (int p = 0; p < len; p++) {
        for (int j = 0; j < D; j++)
          assertEquals(tokens[seq[p] * D + j] + positions[p * D + j], e[p * D + j], 1e-6);
      }
      // the real steps of the padded sequence equal the unpadded sequence: padding is masked out of
      // the attention
      List<FloatNdArray> plain = m.predictAll(
          Dataset.ofArrays(List.of(HostArray.ofInts(new int[] {5, 3}, 1, 2)), null), 1);
      float[] real = java.util.Arrays.copyOfRange(flat(padded.get(1)), 0, 2 * D);
      assertArrayEquals(flat(plain.get(1)), real, 1e-5f);
      // and the masked average covers the two real steps only
      assertArrayEquals(flat(plain.get(2)), flat(padded.get(2)), 1e-5f);
    }
  }

  @Test
  void errors() {
    var s = assertThrows(
        ShapeMismatchException.class,
        () -> new TransformerEncoder(8, 2).named("enc").apply(Input.of(8)));
    assertTrue(
        s.getMessage()
            .contains(
                "Layer 'enc' (TransformerEncoder) expects a 3-D input (batch, steps, features)"),
        s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class, () -> new TransformerEncoder(8, 4).apply(Input.of(5, 3)));
    assertTrue(
        s.getMessage().contains("expects at least 4 features (one per attention head"),
        s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class,
        () -> new TokenAndPositionEmbedding(10, 4, 2).named("tpe").apply(Input.of(DType.INT32, 6)));
    assertTrue(
        s.getMessage()
            .contains("Layer 'tpe' (TokenAndPositionEmbedding) expects at most 4 steps (its "
                + "sequence_length)"),
        s.getMessage());
    var e = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(0, 2));
    assertTrue(e.getMessage().contains("Received: intermediateDim=0"), e.getMessage());
  }

  @Test
  void gradients() {
    GradientCheck.ofLayer(
            new TransformerEncoder(5, 2).activation(io.tfweave.activations.Activation.TANH),
            2,
            3,
            4)
        .epsilon(1e-3)
        .run()
        .assertWithin(2e-2);
    GradientCheck.ofLayer(new TransformerEncoder(5, 2).normalizeFirst(true), 2, 3, 4)
        .epsilon(1e-3)
        .run()
        .assertWithin(2e-2);
    SymbolicTensor ids = Input.of(DType.INT32, 4);
    try (Model m = Model.of(ids, new TokenAndPositionEmbedding(7, 5, 3).apply(ids))) {
      GradientCheck.ofModel(
              m,
              Dataset.ofArrays(
                  List.of(HostArray.ofInts(new int[] {1, 2, 2, 6, 0, 3, 5, 1}, 2, 4)), null))
          .run()
          .assertWithin(2e-2);
    }
  }
}
