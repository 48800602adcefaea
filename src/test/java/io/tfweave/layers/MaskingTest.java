package io.tfweave.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.graph.DType;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.core.Masking;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingTest {
  @Test
  void basics() {
    LayerTester.of(Masking::new)
        .inputShape(2, 4, 3)
        .expectOutputShape(2, 4, 3)
        .expectTrainableWeights(0)
        .expectNonTrainableWeights(0)
        .run();
  }

  @Test
  void correctnessZeroesMaskedSteps() {
    float[] x = {-1, -1, 2, 3, -1, 5};
    SymbolicTensor in = Input.of(3, 2);
    try (Model m = Model.of(in, new Masking(-1).apply(in))) {
      float[] y = RecurrentCheck.predict(m, List.of(), x, 1, 3, 2).get(0);
      assertArrayEquals(new float[] {0, 0, 2, 3, -1, 5}, y, 1e-7f);
    }
  }

  @Test
  void embeddingMaskZeroFeedsTheLstm() {
    // Pre-padded token ids: the padded steps must not change the LSTM's result.
    SymbolicTensor in = Input.of(DType.INT32, 5);
    LSTM lstm = new LSTM(3);
    SymbolicTensor out = lstm.apply(new Embedding(10, 4).maskZero(true).apply(in));
    try (Model m = Model.of(in, out).seed(3)) {
      int[] padded = {0, 0, 4, 7, 2};
      int[] shorter = {0, 0, 0, 7, 2};
      int[] unpadded = {4, 7, 2};
      float[] a = predictInts(m, padded, 5);
      SymbolicTensor in3 = Input.of(DType.INT32, 3);
      float[] b;
      try (Model m3 = Model.of(in3, new LSTM(3).apply(new Embedding(10, 4).apply(in3)))) {
        m3.setWeights(m.getWeights());
        b = predictInts(m3, unpadded, 3);
      }
      assertArrayEquals(b, a, 1e-6f);
      float[] c = predictInts(m, shorter, 5);
      assertTrue(Math.abs(c[0] - a[0]) > 1e-6, "a different sequence gives a different output");
    }
  }

  private static float[] predictInts(Model m, int[] ids, int len) {
    var y = m.predict(io.tfweave.data.Dataset.ofArrays(
        List.of(io.tfweave.data.HostArray.ofInts(ids, 1, len)), null));
    float[] f = new float[(int) y.shape().size()];
    y.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(f, false, false));
    return f;
  }

  @Test
  void errors() {
    var e = assertThrows(
        io.tfweave.shape.ShapeMismatchException.class, () -> new Masking().apply(Input.of(4)));
    assertTrue(e.getMessage().contains("expects an input of rank >= 3"), e.getMessage());
    var n = assertThrows(IllegalArgumentException.class, () -> new Masking(Double.NaN));
    assertTrue(n.getMessage().contains("maskValue=NaN"), n.getMessage());
  }
}
