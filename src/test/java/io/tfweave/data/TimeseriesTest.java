package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Data row t is {t, 100 + t}, so every window element names its time step. */
class TimeseriesTest {
  private static float[][] data(int steps) {
    float[][] d = new float[steps][];
    for (int t = 0; t < steps; t++) {
      d[t] = new float[] {t, 100 + t};
    }
    return d;
  }

  private static float[] tens(int steps) {
    float[] y = new float[steps];
    for (int t = 0; t < steps; t++) {
      y[t] = 10 * t;
    }
    return y;
  }

  /** The time step of each window element (feature 0). */
  private static float[][] steps(TimeseriesWindows w) {
    float[][][] x = StdArrays.array3dCopyOf(w.x());
    float[][] s = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      s[i] = new float[x[i].length];
      for (int k = 0; k < x[i].length; k++) {
        s[i][k] = x[i][k][0];
        assertEquals(100 + x[i][k][0], x[i][k][1]);
      }
    }
    return s;
  }

  @Test
  void defaultsSlideByOne() {
    TimeseriesWindows w = Timeseries.windows(data(10), tens(10), WindowOptions.sequenceLength(3));
    assertEquals(8, w.size());
    assertEquals(Shape.of(8, 3, 2), w.x().shape());
    assertArrayEquals(new float[] {7, 8, 9}, steps(w)[7]);
    assertArrayEquals(new float[] {0, 10, 20, 30, 40, 50, 60, 70}, StdArrays.array1dCopyOf(w.y()));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, w.starts());
  }

  @Test
  void samplingRateAndStride() {
    // m = 10 - 2 * 2 = 6 start offsets; stride 3 keeps 0 and 3
    TimeseriesWindows w = Timeseries.windows(
        data(10), tens(10), WindowOptions.sequenceLength(3).samplingRate(2).sequenceStride(3));
    assertArrayEquals(new float[][] {{0, 2, 4}, {3, 5, 7}}, steps(w));
    assertArrayEquals(new float[] {0, 30}, StdArrays.array1dCopyOf(w.y()));
  }

  @Test
  void startAndEndIndex() {
    // m = 9 - 2 - 1 * 3 = 4 offsets; stride 2 keeps offsets 0 and 2, i.e. steps 2 and 4
    TimeseriesWindows w = Timeseries.windows(
        data(10),
        tens(10),
        WindowOptions.sequenceLength(2)
            .samplingRate(3)
            .sequenceStride(2)
            .startIndex(2)
            .endIndex(9));
    assertArrayEquals(new float[][] {{2, 5}, {4, 7}}, steps(w));
    assertArrayEquals(new float[] {20, 40}, StdArrays.array1dCopyOf(w.y()));
    assertArrayEquals(new int[] {2, 4}, w.starts());
  }

  @Test
  void kerasDocstringExample1() {
    TimeseriesWindows w = Timeseries.windows(
        data(99), WindowOptions.sequenceLength(10).samplingRate(2).sequenceStride(3));
    float[][] s = steps(w);
    assertEquals(27, s.length);
    assertArrayEquals(new float[] {3, 5, 7, 9, 11, 13, 15, 17, 19, 21}, s[1]);
    assertArrayEquals(new float[] {78, 80, 82, 84, 86, 88, 90, 92, 94, 96}, s[26]);
    assertNull(w.y());
  }

  @Test
  void kerasDocstringExample2NextStepTargets() {
    float[][] all = data(30);
    float[][] input = java.util.Arrays.copyOf(all, 20);
    float[][] targets = java.util.Arrays.copyOfRange(all, 10, 30);
    TimeseriesWindows w = Timeseries.windows(input, targets, WindowOptions.sequenceLength(10));
    assertEquals(11, w.size());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, steps(w)[0]);
    assertEquals(Shape.of(11, 2), w.y().shape());
    assertArrayEquals(new float[] {10, 110}, StdArrays.array2dCopyOf(w.y())[0]);
    assertArrayEquals(new float[] {20, 120}, StdArrays.array2dCopyOf(w.y())[10]);
  }

  @Test
  void ndArrayDataWithFeatureAxesAndNoWindows() {
    float[] flat = new float[6 * 2 * 2];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = i;
    }
    FloatNdArray d = NdArrays.wrap(Shape.of(6, 2, 2), DataBuffers.of(flat, false, false));
    TimeseriesWindows w =
        Timeseries.windows(d, null, WindowOptions.sequenceLength(2).sequenceStride(4));
    assertEquals(Shape.of(2, 2, 2, 2), w.x().shape());
    assertEquals(4 * 4 + 3, w.x().getFloat(1, 0, 1, 1));
    assertEquals(5 * 4, w.x().getFloat(1, 1, 0, 0));
    TimeseriesWindows none =
        Timeseries.windows(data(5), WindowOptions.sequenceLength(5).samplingRate(2));
    assertEquals(0, none.size());
    assertEquals(Shape.of(0, 5, 2), none.x().shape());
  }

  @Test
  void shuffledUsesNumpyPermutation() {
    TimeseriesWindows w = Timeseries.windows(data(12), tens(12), WindowOptions.sequenceLength(3));
    TimeseriesWindows s = w.shuffled(113);
    // RandomState(113) shuffles arange(10) into 9, 3, 6, 1, 0, 7, 4, 8, 2, 5
    assertArrayEquals(new int[] {9, 3, 6, 1, 0, 7, 4, 8, 2, 5}, s.starts());
    assertArrayEquals(new float[] {3, 4, 5}, steps(s)[1]);
    assertEquals(90f, s.y().getFloat(0));
  }

  @Test
  void errorsFollowKeras() {
    assertEquals(
        "endIndex must be lower than the length of the data. Received: endIndex=10,"
            + " for data of length 10 (leave endIndex unset to use all the data)",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Timeseries.windows(data(10), WindowOptions.sequenceLength(2).endIndex(10)))
            .getMessage());
    assertEquals(
        "startIndex must be lower than the length of the data. Received: startIndex=10,"
            + " for data of length 10",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Timeseries.windows(data(10), WindowOptions.sequenceLength(2).startIndex(10)))
            .getMessage());
    assertEquals(
        "endIndex must be higher than startIndex. Received: startIndex=5, and endIndex=5",
        assertThrows(
                IllegalArgumentException.class,
                () -> Timeseries.windows(
                    data(10), WindowOptions.sequenceLength(2).startIndex(5).endIndex(5)))
            .getMessage());
    assertTrue(assertThrows(
            IllegalArgumentException.class,
            () -> Timeseries.windows(data(10), WindowOptions.sequenceLength(2).samplingRate(10)))
        .getMessage()
        .contains("samplingRate must be lower than the length of the data"));
    assertEquals(
        "sequenceLength must be a positive integer. Received: sequenceLength=0",
        assertThrows(IllegalArgumentException.class, () -> WindowOptions.sequenceLength(0))
            .getMessage());
    assertEquals(
        "sequenceStride must be higher than 0. Received: sequenceStride=0",
        assertThrows(IllegalArgumentException.class, () -> WindowOptions.sequenceLength(1)
                .sequenceStride(0))
            .getMessage());
    // 3 target rows: windows start at 5, 6, 7 but targets[5] does not exist
    assertTrue(assertThrows(
            IllegalArgumentException.class,
            () -> Timeseries.windows(
                data(10), new float[3], WindowOptions.sequenceLength(2).startIndex(5)))
        .getMessage()
        .startsWith("targets has 3 rows but window 0 starts at data index 5"));
    assertTrue(assertThrows(
            IllegalArgumentException.class,
            () -> Timeseries.windows(new float[][] {{1, 2}, {3}}, WindowOptions.sequenceLength(1)))
        .getMessage()
        .contains("data must be rectangular. Received: data[0].length=2, data[1].length=1"));
  }
}
