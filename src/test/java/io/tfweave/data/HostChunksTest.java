package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** Arrays of more values than one Java array holds, tested with a tiny chunk limit: chunked, read back as one. */
class HostChunksTest {
  @AfterEach
  void restore() {
    HostChunks.maxChunkValues = Integer.MAX_VALUE - 8;
  }

  private static float[][] rows(int n, int f) {
    float[][] x = new float[n][f];
    for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) x[i][j] = i * 100 + j;
    return x;
  }

  @Test
  void nestedArraysOverTheLimitBecomeChunksOfWholeSamples() {
    HostChunks.maxChunkValues = 40; // 8 samples of 5 values per chunk
    HostArray a = JavaArrays.of("x", rows(30, 5));
    assertEquals(4, a.chunkCount());
    assertEquals(8, a.chunkRows());
    assertEquals(30, a.length());
    assertEquals(150, a.size());
    assertEquals(6, a.chunk(3).length());
    assertEquals(2903.0, a.getDouble(29 * 5 + 3));
    IllegalStateException e = assertThrows(IllegalStateException.class, a::floats);
    assertTrue(
        e.getMessage().contains("4 chunks") && e.getMessage().contains("chunk(i)"), e.getMessage());

    HostChunks.maxChunkValues = Integer.MAX_VALUE - 8;
    HostArray one = JavaArrays.of("x", rows(30, 5));
    assertEquals(1, one.chunkCount());
    assertArrayEquals(one.slice(5, 21).floats(), a.slice(5, 21).floats());
    int[] idx = {29, 0, 8, 7, 16, 15};
    assertArrayEquals(one.gather(idx).floats(), a.gather(idx).floats());
    try (Tensor t = a.toTensor();
        Tensor u = one.toTensor()) {
      assertEquals(((TFloat32) u).shape(), ((TFloat32) t).shape());
      assertEquals((TFloat32) u, (TFloat32) t);
    }
    assertEquals(-1, a.firstNonFinite());
    assertEquals(30, a.reshape(30, 5, 1).length());
    assertEquals(4, a.reshape(30, 5, 1).chunkCount());
  }

  @Test
  void fitOnNestedArraysOverTheLimitTrainsExactlyAsOneArray() {
    float[][] x = new float[61][3];
    int[] y = new int[61];
    java.util.Random r = new java.util.Random(4);
    for (int i = 0; i < 61; i++) {
      for (int j = 0; j < 3; j++) x[i][j] = (float) r.nextGaussian();
      y[i] = x[i][0] + x[i][2] > 0 ? 1 : 0;
    }
    List<List<org.tensorflow.ndarray.FloatNdArray>> weights = new java.util.ArrayList<>();
    List<java.util.Map<String, List<Double>>> histories = new java.util.ArrayList<>();
    for (long limit : new long[] {Integer.MAX_VALUE - 8, 12}) { // one array; chunks of 4 samples
      HostChunks.maxChunkValues = limit;
      assertEquals(limit == 12 ? 16 : 1, JavaArrays.of("x", x).chunkCount());
      try (io.tfweave.models.Model m = io.tfweave.models.Sequential.builder()
          .input(3)
          .add(new io.tfweave.layers.core.Dense(2)
              .activation(io.tfweave.activations.Activation.SOFTMAX))
          .seed(2)
          .build()) {
        m.compile(
            io.tfweave.optimizers.Optimizers.adam(0.05),
            io.tfweave.losses.Losses.sparseCategoricalCrossentropy());
        histories.add(m.fit(
                x,
                y,
                io.tfweave.training.FitOptions.epochs(4)
                    .batchSize(8)
                    .validationSplit(0.25)
                    .seed(1)
                    .verbose(0))
            .asMap());
        weights.add(m.getWeights());
      }
    }
    assertEquals(histories.get(0), histories.get(1));
    assertEquals(weights.get(0), weights.get(1));
    assertTrue(
        histories.get(0).get("loss").get(3) < histories.get(0).get("loss").get(0));
  }

  @Test
  void chunksMustAgreeOnDtypeShapeAndLength() {
    HostArray a = HostArray.ofFloats(new float[6], 3, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> HostArray.ofChunks(List.of(a, HostArray.ofFloats(new float[6], 2, 3))));
    assertThrows(
        IllegalArgumentException.class,
        () -> HostArray.ofChunks(List.of(HostArray.ofFloats(new float[2], 1, 2), a, a)));
    assertEquals(
        8,
        HostArray.ofChunks(List.of(a, a, HostArray.ofFloats(new float[4], 2, 2)))
            .length());
  }
}
