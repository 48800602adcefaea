package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

class TimeseriesDatasetTest {
  private static FloatNdArray range(int n, float scale, long... shape) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = i * scale;
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(v, false, false));
  }

  @Test
  void kerasDocExampleIndices() {
    // Keras: indices 0..98, sequence_length=10, sampling_rate=2, sequence_stride=3 -> [0 2 ... 18],
    // [3 5 ... 21], ..., [78 ... 96].
    TimeseriesDataset ts = TimeseriesDataset.timeseriesDataset(
        range(99, 1, 99, 1), range(99, 10, 99), 10, 2, 3, false, null, 8, null, null);
    assertEquals(27, ts.size());
    Dataset d = ts.dataset();
    float[] x = d.inputs().get(0).floats();
    assertArrayEquals(new long[] {27, 10, 1}, d.inputs().get(0).shape().asArray());
    for (int w = 0; w < 27; w++) {
      for (int k = 0; k < 10; k++)
        assertEquals(3 * w + 2 * k, x[w * 10 + k], "window " + w + " step " + k);
      assertEquals(
          30f * w, d.targets().floats()[w], "target of window " + w + " is targets[start]");
    }
    assertEquals(List.of(8, 8, 8, 3), ts.batches().stream().map(Dataset::size).toList());
  }

  @Test
  void temporalRegressionAlignment() {
    // Keras: input = data[:-10], targets = data[10:], sequence_length=10 -> inputs[0] = data[0:10],
    // targets[0] = data[10].
    float[] data = new float[50];
    for (int i = 0; i < 50; i++) data[i] = (float) Math.sin(i);
    FloatNdArray in = NdArrays.wrap(
        Shape.of(40, 1), DataBuffers.of(Arrays.copyOfRange(data, 0, 40), false, false));
    FloatNdArray tg =
        NdArrays.wrap(Shape.of(40), DataBuffers.of(Arrays.copyOfRange(data, 10, 50), false, false));
    Dataset d = TimeseriesDataset.timeseriesDataset(in, tg, 10, 1, 1, false, null, 128, null, null)
        .dataset();
    assertEquals(31, d.size());
    assertArrayEquals(
        Arrays.copyOfRange(data, 0, 10), Arrays.copyOfRange(d.inputs().get(0).floats(), 0, 10));
    assertEquals(data[10], d.targets().floats()[0]);
    assertEquals(data[40], d.targets().floats()[30]);
  }

  @Test
  void startAndEndIndexAndNoTargets() {
    TimeseriesDataset ts = TimeseriesDataset.timeseriesDataset(
        range(40, 1, 20, 2), null, 5, 1, 1, false, null, 4, 2, 12);
    assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7}, ts.starts());
    assertNull(ts.dataset().targets());
    assertEquals(
        4f, ts.dataset().inputs().get(0).floats()[0], "first window starts at row 2 = values 4, 5");
  }

  @Test
  void shuffleIsASeededPermutation() {
    TimeseriesDataset a = TimeseriesDataset.timeseriesDataset(
        range(30, 1, 30, 1), range(30, 1, 30), 3, 1, 1, true, 7L, 4, null, null);
    TimeseriesDataset b = TimeseriesDataset.timeseriesDataset(
        range(30, 1, 30, 1), range(30, 1, 30), 3, 1, 1, true, 7L, 4, null, null);
    assertArrayEquals(a.starts(), b.starts());
    int[] sorted = a.starts();
    Arrays.sort(sorted);
    for (int i = 0; i < 28; i++) assertEquals(i, sorted[i]);
    assertTrue(!Arrays.equals(sorted, a.starts()), "shuffled");
    float[] x = a.dataset().inputs().get(0).floats();
    for (int w = 0; w < 28; w++)
      assertEquals(a.starts()[w], x[w * 3], "inputs follow their starts");
  }

  @Test
  void errors() {
    var b = assertThrows(
        IllegalArgumentException.class,
        () -> TimeseriesDataset.timeseriesDataset(
            range(10, 1, 10, 1), null, 3, 1, 1, false, null, 0, null, null));
    assertTrue(b.getMessage().contains("Received: batchSize=0"), b.getMessage());
    var s = assertThrows(
        IllegalArgumentException.class,
        () -> TimeseriesDataset.timeseriesDataset(
            range(10, 1, 10, 1), null, 3, 10, 1, false, null, 2, null, null));
    assertTrue(
        s.getMessage().contains("samplingRate must be lower than the length of the data"),
        s.getMessage());
  }
}
