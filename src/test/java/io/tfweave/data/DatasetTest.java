package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class DatasetTest {
  static Dataset ten() {
    float[] x = new float[20];
    float[] y = new float[10];
    for (int i = 0; i < 10; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = -i;
      y[i] = i * 10;
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, 10, 2)), HostArray.ofFloats(y, 10));
  }

  @Test
  void fromArraysAndTensors() {
    Dataset a = Dataset.of(
        StdArrays.ndCopyOf(new float[][] {{1, 2}, {3, 4}}), StdArrays.ndCopyOf(new long[] {0, 1}));
    assertEquals(2, a.size());
    assertArrayEquals(new float[] {0, 1}, a.targets().asFloat().floats());
    assertArrayEquals(new int[] {0, 1}, a.targets().ints());
    try (TFloat32 x = TFloat32.tensorOf(StdArrays.ndCopyOf(new float[][] {{5}, {6}, {7}}));
        TInt64 y = TInt64.tensorOf(StdArrays.ndCopyOf(new long[] {1, 2, 3}))) {
      Dataset b = Dataset.ofTensors(x, y);
      assertArrayEquals(new float[] {5, 6, 7}, b.inputs().get(0).floats());
      assertArrayEquals(new int[] {1, 2, 3}, b.targets().ints());
    }
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> Dataset.of(StdArrays.ndCopyOf(new long[] {1L << 40}), null));
    assertTrue(e.getMessage().contains("does not fit int32"), e.getMessage());
  }

  @Test
  void shuffleIsSeededAndKeepsPairs() {
    Dataset s1 = ten().shuffle(7);
    Dataset s2 = ten().shuffle(7);
    assertArrayEquals(s1.inputs().get(0).floats(), s2.inputs().get(0).floats());
    assertFalse(java.util.Arrays.equals(
        ten().inputs().get(0).floats(), s1.inputs().get(0).floats()));
    for (int i = 0; i < 10; i++) {
      assertEquals(s1.inputs().get(0).floats()[2 * i] * 10, s1.targets().floats()[i]);
    }
  }

  @Test
  void splitTakeSkipAndBatches() {
    List<Dataset> parts = ten().split(0.8);
    assertEquals(8, parts.get(0).size());
    assertEquals(2, parts.get(1).size());
    assertEquals(80f, parts.get(1).targets().floats()[0]);
    assertEquals(3, ten().take(3).size());
    assertEquals(3f, ten().skip(3).inputs().get(0).floats()[0]);
    List<Dataset> b = ten().batches(4);
    assertEquals(List.of(4, 4, 2), b.stream().map(Dataset::size).toList());
    assertEquals(90f, b.get(2).targets().floats()[1]);
    assertThrows(IllegalArgumentException.class, () -> ten().batches(0));
    assertThrows(IllegalArgumentException.class, () -> ten().split(1.5));
  }
}
