package io.tfweave.layers;

import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.convolutional.Conv1D;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.normalization.LayerNormalization;
import io.tfweave.layers.pooling.AveragePooling1D;
import io.tfweave.layers.pooling.GlobalAveragePooling1D;
import io.tfweave.layers.pooling.GlobalMaxPooling1D;
import io.tfweave.layers.pooling.MaxPooling1D;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv1D and the 1-D poolings: conformance, exact outputs against a naive reference, masks, errors, gradients. */
class SequenceLayersTest {
  @Test
  void basics() {
    LayerTester.of(() -> new Conv1D(4, 3))
        .inputShape(2, 7, 3)
        .expectOutputShape(2, 5, 4)
        .expectTrainableWeights(2)
        .run();
    LayerTester.of(() -> new Conv1D(2, 3).padding(Padding.SAME).strides(2))
        .inputShape(2, 7, 3)
        .expectOutputShape(2, 4, 2)
        .run();
    LayerTester.of(
            () -> new Conv1D(2, 2).padding(Padding.CAUSAL).dilationRate(3).useBias(false))
        .inputShape(2, 6, 2)
        .expectOutputShape(2, 6, 2)
        .expectTrainableWeights(1)
        .run();
    LayerTester.of(MaxPooling1D::new)
        .inputShape(2, 7, 3)
        .expectOutputShape(2, 3, 3)
        .expectTrainableWeights(0)
        .run();
    LayerTester.of(() -> new AveragePooling1D().poolSize(3).strides(2).padding(Padding.SAME))
        .inputShape(2, 7, 3)
        .expectOutputShape(2, 4, 3)
        .run();
    LayerTester.of(GlobalAveragePooling1D::new)
        .inputShape(2, 5, 3)
        .expectOutputShape(2, 3)
        .run();
    LayerTester.of(() -> new GlobalMaxPooling1D().keepdims(true))
        .inputShape(2, 5, 3)
        .expectOutputShape(2, 1, 3)
        .run();
  }

  /** TensorFlow's convention: SAME pads (total / 2) before; CAUSAL pads the whole span before. */
  static float[] conv1d(
      float[] x,
      int n,
      int t,
      int c,
      float[] k,
      int ks,
      int f,
      int stride,
      int dilation,
      Padding p) {
    int span = dilation * (ks - 1);
    int out;
    int before;
    if (p == Padding.VALID) {
      out = (t - span - 1) / stride + 1;
      before = 0;
    } else {
      out = (t + stride - 1) / stride;
      before = p == Padding.CAUSAL ? span : Math.max((out - 1) * stride + span + 1 - t, 0) / 2;
    }
    float[] y = new float[n * out * f];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < out; o++) {
        for (int q = 0; q < f; q++) {
          double s = 0;
          for (int j = 0; j < ks; j++) {
            int at = o * stride - before + j * dilation;
            if (at < 0 || at >= t) continue;
            for (int ch = 0; ch < c; ch++) s += x[(b * t + at) * c + ch] * k[(j * c + ch) * f + q];
          }
          y[(b * out + o) * f + q] = (float) s;
        }
      }
    }
    return y;
  }

  @Test
  void conv1dCorrectness() {
    int n = 2;
    int t = 9;
    int c = 3;
    int f = 2;
    float[] x = random(n * t * c, 1);
    float[] bias = {0.5f, -0.25f};
    for (Padding p : Padding.values()) {
      for (int[] sd : new int[][] {{1, 1}, {2, 1}, {1, 2}, {1, 3}}) {
        int ks = 3;
        float[] k = random(ks * c * f, 2 + sd[0] + sd[1]);
        try (Model m =
            single(new Conv1D(f, ks).padding(p).strides(sd[0]).dilationRate(sd[1]), t, c)) {
          m.setWeights(weights(k, new long[] {ks, c, f}, bias, new long[] {f}));
          float[] want = conv1d(x, n, t, c, k, ks, f, sd[0], sd[1], p);
          for (int i = 0; i < want.length; i++) want[i] += bias[i % f];
          assertArrayEquals(
              want, predict(m, x, n, t, c), 1e-5f, p + " strides " + sd[0] + " dilation " + sd[1]);
        }
      }
    }
  }

  @Test
  void causalConvolutionIgnoresTheFuture() {
    float[] x = random(12, 3);
    var in = Input.of(-1, 1);
    try (Model m = Model.of(
            in, new Conv1D(1, 3).padding(Padding.CAUSAL).dilationRate(2).apply(in))
        .seed(1)) {
      float[] y = predict(m, x, 1, 12, 1);
      float[] changed = x.clone();
      changed[7] += 5;
      float[] y2 = predict(m, changed, 1, 12, 1);
      for (int i = 0; i < 7; i++)
        assertEquals(y[i], y2[i], 0f, "step " + i + " must not see step 7");
      assertNotEquals(y[7], y2[7]);
    }
  }

  @Test
  void poolingCorrectness() {
    float[] x = {1, -1, 3, 0, 2, 5, -2, 4, 0, 1}; // 5 steps, 2 features
    try (Model m = single(new MaxPooling1D(), 5, 2)) {
      assertArrayEquals(new float[] {3, 0, 2, 5}, predict(m, x, 1, 5, 2));
    }
    try (Model m = single(new AveragePooling1D().strides(1), 5, 2)) {
      assertArrayEquals(
          new float[] {2, -0.5f, 2.5f, 2.5f, 0, 4.5f, -1, 2.5f}, predict(m, x, 1, 5, 2), 1e-6f);
    }
    // "same" with window 2, stride 2 on 5 steps: the last window holds one step (padding excluded
    // from the mean)
    try (Model m = single(new AveragePooling1D().padding(Padding.SAME), 5, 2)) {
      assertArrayEquals(new float[] {2, -0.5f, 0, 4.5f, 0, 1}, predict(m, x, 1, 5, 2), 1e-6f);
    }
    try (Model m = single(new GlobalAveragePooling1D(), 5, 2)) {
      assertArrayEquals(new float[] {0.8f, 1.8f}, predict(m, x, 1, 5, 2), 1e-6f);
    }
    try (Model m = single(new GlobalMaxPooling1D(), 5, 2)) {
      assertArrayEquals(new float[] {3, 5}, predict(m, x, 1, 5, 2));
    }
  }

  @Test
  void globalPoolingRespectsMasksAsKeras() {
    // embeddings of ids 0..3 are [id, 10·id]; id 0 is padding
    float[] table = {0, 0, 1, 10, 2, 20, 3, 30};
    int[] ids = {1, 3, 0, 0, 2, 2, 2, 0};
    for (boolean average : new boolean[] {true, false}) {
      var in = Input.of(DType.INT32, 4);
      Layer pool = average ? new GlobalAveragePooling1D() : new GlobalMaxPooling1D();
      // the mask passes through LayerNormalization (which here only rescales) as Keras's
      // supports_masking layers do
      Layer norm = new LayerNormalization().center(false).scale(false).epsilon(1e9);
      try (Model m =
          Model.of(in, pool.apply(norm.apply(new Embedding(4, 2).maskZero(true).apply(in))))) {
        m.setWeights(List.of(nd(table, 4, 2)));
        float[] y = flat(m.predict(Dataset.ofArrays(List.of(HostArray.ofInts(ids, 2, 4)), null)));
        // LayerNormalization with a huge epsilon: y = (x − mean) / sqrt(1e9); step (a, 10a) becomes
        // (−4.5a, 4.5a) / s.
        // Sample 0 has steps a = 1, 3 and two padding steps; sample 1 has a = 2, 2, 2 and one
        // padding step.
        float s = (float) Math.sqrt(1e9);
        float[] want = average
            ? new float[] {-9 / s, 9 / s, -9 / s, 9 / s}
            : new float[] {0, 13.5f / s, 0, 9 / s};
        assertArrayEquals(
            want, y, 1e-7f, average ? "average over unmasked steps" : "max ignores the mask");
      }
    }
  }

  @Test
  void errors() {
    var s = assertThrows(
        ShapeMismatchException.class, () -> new Conv1D(2, 3).named("c").apply(Input.of(8)));
    assertTrue(
        s.getMessage().contains("Layer 'c' (Conv1D) expects a 3-D input (batch, steps, features)"),
        s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class, () -> new Conv1D(2, 3).dilationRate(4).apply(Input.of(8, 2)));
    assertTrue(
        s.getMessage()
            .contains("expects an input long enough for a kernel of 3 steps with dilation rate 4"),
        s.getMessage());
    var e = assertThrows(
        IllegalArgumentException.class, () -> new Conv1D(2, 3).strides(2).dilationRate(2));
    assertTrue(
        e.getMessage().contains("strides > 1 not supported in conjunction with dilation_rate > 1"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv1D(2, 0));
    assertTrue(e.getMessage().contains("Received: kernel_size=0"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> new MaxPooling1D().padding(Padding.CAUSAL));
    assertTrue(
        e.getMessage().contains("padding must be one of valid, same. Received: padding=causal"),
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new io.tfweave.layers.convolutional.Conv2D(2, 3).padding(Padding.CAUSAL));
    assertTrue(e.getMessage().contains("Received: padding=causal"), e.getMessage());
    s = assertThrows(
        ShapeMismatchException.class, () -> new GlobalAveragePooling1D().apply(Input.of(4, 4, 3)));
    assertTrue(s.getMessage().contains("expects a 3-D input"), s.getMessage());
  }

  @Test
  void gradients() {
    GradientCheck.ofLayer(new Conv1D(2, 3), 2, 6, 2).run().assertWithin(2e-2);
    GradientCheck.ofLayer(new Conv1D(2, 3).padding(Padding.SAME).strides(2), 2, 7, 2)
        .run()
        .assertWithin(2e-2);
    GradientCheck.ofLayer(new Conv1D(2, 2).padding(Padding.CAUSAL).dilationRate(2), 2, 6, 2)
        .run()
        .assertWithin(2e-2);
    GradientCheck.ofLayer(new Conv1D(2, 3).padding(Padding.SAME).dilationRate(2), 1, 7, 2)
        .run()
        .assertWithin(2e-2);
    GradientCheck.ofLayer(
            new AveragePooling1D().poolSize(3).strides(2).padding(Padding.SAME), 2, 7, 2)
        .run()
        .assertWithin(2e-2);
    GradientCheck.ofLayer(new MaxPooling1D(), 2, 6, 2)
        .seed(5)
        .epsilon(1e-3)
        .run()
        .assertWithin(2e-2);
    GradientCheck.ofLayer(new GlobalAveragePooling1D(), 2, 5, 3).run().assertWithin(2e-2);
  }
}
