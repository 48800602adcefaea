package io.tfweave.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tfweave.data.Dataset;
import io.tfweave.data.OneHot;
import io.tfweave.data.PadOptions;
import io.tfweave.data.TimeseriesDataset;
import io.tfweave.data.TimeseriesOptions;
import io.tfweave.graph.RandomSeeds;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

class UtilsTest {
  @AfterEach
  void clearGlobalSeed() {
    RandomSeeds.clear();
  }

  @Test
  void toCategoricalGivesOneHotRows() {
    float[][] m = Utils.toCategorical(new int[] {0, 2, 1}, 3);
    assertArrayEquals(new float[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}}, m);
    float[] flat = OneHot.encode(new int[] {0, 2, 1}, 3);
    for (int i = 0; i < 3; i++) assertArrayEquals(Arrays.copyOfRange(flat, 3 * i, 3 * i + 3), m[i]);
    assertArrayEquals(
        new float[][] {{0, 1, 0, 0}, {0, 0, 0, 1}},
        Utils.toCategorical(new int[] {1, 3}),
        "max label + 1");
    var e = assertThrows(
        IllegalArgumentException.class, () -> Utils.toCategorical(new int[] {0, 3}, 3));
    assertEquals(
        "toCategorical expects labels in [0, numClasses=3), but labels[1]=3. Fix: pass numClasses above the largest "
            + "label, or toCategorical(labels) to use the largest label + 1.",
        e.getMessage());
    assertEquals(
        "numClasses must be a positive integer. Received: numClasses=0",
        assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(new int[] {0}, 0))
            .getMessage());
  }

  @Test
  void padSequencesUsesKerasDefaults() {
    int[][] seqs = {{1}, {2, 3}, {4, 5, 6}};
    assertArrayEquals(
        new int[][] {{0, 1}, {2, 3}, {5, 6}},
        Utils.padSequences(seqs, 2),
        "Keras's pad_sequences example");
    assertArrayEquals(
        new int[][] {{0, 0, 1}, {0, 2, 3}, {4, 5, 6}},
        Utils.padSequences(seqs),
        "maxlen = the longest");
    assertArrayEquals(
        new int[][] {{1, 9, 9, 9}, {2, 3, 9, 9}, {4, 5, 6, 9}},
        Utils.padSequences(seqs, PadOptions.defaults().maxlen(4).padding("post").value(9)));
    assertArrayEquals(
        new int[][] {{1, 0}, {2, 3}, {4, 5}},
        Utils.padSequences(
            seqs, PadOptions.defaults().maxlen(2).padding("post").truncating("post")));
    assertEquals(
        "maxlen must be a positive integer. Received: maxlen=0",
        assertThrows(IllegalArgumentException.class, () -> Utils.padSequences(seqs, 0))
            .getMessage());
  }

  static float[][] steps(int n) {
    float[][] d = new float[n][1];
    for (int i = 0; i < n; i++) d[i][0] = i;
    return d;
  }

  static float[] tens(int n) {
    float[] t = new float[n];
    for (int i = 0; i < n; i++) t[i] = 10 * i;
    return t;
  }

  @Test
  void timeseriesDatasetFromArrayTakesAnOptionsObject() {
    // Keras's example: steps 0..98, sequence_length=10, sampling_rate=2, sequence_stride=3 -> [0 2
    // ... 18], ..., [78 ... 96].
    TimeseriesDataset ts = Utils.timeseriesDatasetFromArray(
        steps(99),
        tens(99),
        10,
        TimeseriesOptions.defaults().samplingRate(2).sequenceStride(3).batchSize(8));
    assertEquals(27, ts.size());
    Dataset d = ts.dataset();
    float[] x = d.inputs().get(0).floats();
    for (int w = 0; w < 27; w++) {
      for (int k = 0; k < 10; k++)
        assertEquals(3 * w + 2 * k, x[w * 10 + k], "window " + w + " step " + k);
      assertEquals(30f * w, d.targets().floats()[w], "target of window " + w);
    }
    assertEquals(List.of(8, 8, 8, 3), ts.batches().stream().map(Dataset::size).toList());
    TimeseriesDataset plain = Utils.timeseriesDatasetFromArray(
        steps(20), 5, TimeseriesOptions.defaults().startIndex(2));
    assertEquals(TimeseriesOptions.BATCH_SIZE_DEFAULT, plain.batchSize());
    assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, plain.starts());
    assertNull(plain.dataset().targets());
    TimeseriesDataset single =
        Utils.timeseriesDatasetFromArray(tens(6), null, 3, TimeseriesOptions.defaults());
    assertArrayEquals(
        new long[] {4, 3}, single.dataset().inputs().get(0).shape().asArray());
  }

  @Test
  void timeseriesShuffleFollowsTheSeeds() {
    TimeseriesOptions shuffled = TimeseriesOptions.defaults().shuffle(true);
    var data = NdArrays.wrap(Shape.of(30, 1), DataBuffers.of(tens(30), false, false));
    TimeseriesDataset seven = Utils.timeseriesDatasetFromArray(data, null, 3, shuffled.seed(7));
    TimeseriesDataset tenArgs =
        TimeseriesDataset.timeseriesDataset(data, null, 3, 1, 1, true, 7L, 128, null, null);
    assertArrayEquals(tenArgs.starts(), seven.starts(), "same as the positional form with seed 7");
    Utils.setRandomSeed(11);
    int[] first = Utils.timeseriesDatasetFromArray(steps(30), 3, shuffled).starts();
    Utils.setRandomSeed(11);
    int[] again = Utils.timeseriesDatasetFromArray(steps(30), 3, shuffled).starts();
    assertArrayEquals(first, again, "setRandomSeed makes an unseeded shuffle reproducible");
    int[] sorted = first.clone();
    Arrays.sort(sorted);
    assertFalse(Arrays.equals(sorted, first), "the windows are shuffled");
  }

  @Test
  void timeseriesOptionErrorsUseKerasWords() {
    assertEquals(
        "samplingRate must be higher than 0. Received: samplingRate=0",
        assertThrows(IllegalArgumentException.class, () -> TimeseriesOptions.defaults()
                .samplingRate(0))
            .getMessage());
    assertEquals(
        "batchSize must be a positive integer. Received: batchSize=-1",
        assertThrows(IllegalArgumentException.class, () -> TimeseriesOptions.defaults()
                .batchSize(-1))
            .getMessage());
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> Utils.timeseriesDatasetFromArray(
            new float[][] {{1, 2}, {3}}, 1, TimeseriesOptions.defaults()));
    assertEquals(
        "data must be rectangular (every row of one length), but data[1] has length 1 while data[0] has length 2. "
            + "Fix: give every row the same length (Utils.padSequences pads token sequences).",
        e.getMessage());
  }
}
