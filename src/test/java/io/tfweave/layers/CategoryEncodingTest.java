package io.tfweave.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.preprocessing.CategoryEncoding;
import io.tfweave.layers.preprocessing.OutputMode;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.buffer.DataBuffers;

class CategoryEncodingTest {
  @Test
  void basics() {
    LayerTester.of(() -> new CategoryEncoding(5))
        .inputShape(2, 3)
        .intInputs(5)
        .expectOutputShape(2, 5)
        .expectTrainableWeights(0)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new CategoryEncoding(4).outputMode(OutputMode.ONE_HOT))
        .inputShape(2, 1)
        .intInputs(4)
        .expectOutputShape(2, 4)
        .run();
  }

  private static float[] run(CategoryEncoding e, int[] ids, long... shape) {
    long[] sample = java.util.Arrays.copyOfRange(shape, 1, shape.length);
    SymbolicTensor in = Input.of(DType.INT32, sample);
    try (Model m = Model.of(in, e.apply(in))) {
      var y = m.predict(Dataset.ofArrays(List.of(HostArray.ofInts(ids, shape)), null));
      float[] f = new float[(int) y.shape().size()];
      y.copyTo(DataBuffers.of(f, false, false));
      return f;
    }
  }

  @Test
  void correctnessForEachMode() {
    int[] ids = {0, 1, 1, 3, 2, 2};
    assertArrayEquals(
        new float[] {1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0}, run(new CategoryEncoding(4), ids, 3, 2));
    assertArrayEquals(
        new float[] {1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0},
        run(new CategoryEncoding(4).outputMode(OutputMode.COUNT), ids, 3, 2));
    assertArrayEquals(
        new float[] {0, 0, 0, 0, 0, 0, 1},
        run(new CategoryEncoding(7).outputMode(OutputMode.ONE_HOT), new int[] {6}, 1));
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> OutputMode.of("tf-idf"));
    assertTrue(e.getMessage().contains("Received: output_mode=tf-idf"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(3)
        .outputMode(OutputMode.TF_IDF));
    assertTrue(e.getMessage().contains("Received: output_mode=tf_idf"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> new CategoryEncoding(3).outputMode(OutputMode.INT));
    assertTrue(
        e.getMessage()
            .contains(
                "output_mode must be one of multi_hot, count, one_hot. Received: output_mode=int"),
        e.getMessage());
    var r = assertThrows(
        RuntimeException.class, () -> run(new CategoryEncoding(3), new int[] {0, 5}, 1, 2));
    assertTrue(r.getMessage().contains("expects ids in [0, 3)"), r.getMessage());
  }
}
