package io.tfweave.utils;

import io.tfweave.data.HostArray;
import io.tfweave.data.JavaArrays;
import io.tfweave.data.PadOptions;
import io.tfweave.data.Sequences;
import io.tfweave.data.TimeseriesDataset;
import io.tfweave.data.TimeseriesOptions;
import io.tfweave.graph.RandomSeeds;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code keras.utils} functions on Java arrays: {@code Utils.setRandomSeed(42)}, {@code Utils.toCategorical(labels,
 * 10)}, {@code Utils.padSequences(tokens, 200)} and {@code Utils.timeseriesDatasetFromArray(data, targets, 120, options)}.
 */
public final class Utils {
  private Utils() {}

  /**
   * Makes every later model and data utility that is given no seed of its own reproducible, as Keras's
   * {@code keras.utils.set_random_seed(seed)}: models draw their seed (initial weights, dropout masks, the shuffles of their
   * fits) from one sequence seeded with {@code seed}, and so do shuffles such as {@link #timeseriesDatasetFromArray}'s.
   * Calling it again with the same seed restarts the sequence, so models built after it again get identical weights and
   * fit histories. Explicit seeds ({@code Sequential.seed}, {@code Model.seed}, {@code FitOptions.seed}) still win. See
   * {@link RandomSeeds}.
   */
  public static void setRandomSeed(long seed) {
    RandomSeeds.set(seed);
  }

  /**
   * One-hot rows {@code [n][numClasses]} with a 1 at each label, as Keras's {@code keras.utils.to_categorical(y,
   * num_classes)}; {@code io.tfweave.data.OneHot.encode} gives the same values as one flat array.
   */
  public static float[][] toCategorical(int[] labels, int numClasses) {
    if (labels == null)
      throw new IllegalArgumentException("labels must not be null. Received: labels=null");
    if (numClasses <= 0) {
      throw new IllegalArgumentException(
          "numClasses must be a positive integer. Received: numClasses=" + numClasses);
    }
    float[][] out = new float[labels.length][numClasses];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "toCategorical expects labels in [0, numClasses=" + numClasses + "), but labels["
                + i + "]=" + labels[i]
                + ". Fix: pass numClasses above the largest label, or toCategorical(labels) to use "
                + "the largest label + 1.");
      }
      out[i][labels[i]] = 1f;
    }
    return out;
  }

  /** One-hot rows with {@code max(labels) + 1} classes, as Keras's {@code to_categorical(y)} without {@code num_classes}. */
  public static float[][] toCategorical(int[] labels) {
    if (labels == null)
      throw new IllegalArgumentException("labels must not be null. Received: labels=null");
    int max = -1;
    for (int l : labels) max = Math.max(max, l);
    return toCategorical(labels, Math.max(1, max + 1));
  }

  /**
   * Pads each sequence with 0 before its values, or cuts it to its last values, to the length of the longest, as Keras's
   * {@code keras.utils.pad_sequences(sequences)}.
   */
  public static int[][] padSequences(int[][] sequences) {
    return padSequences(sequences, PadOptions.defaults());
  }

  /**
   * Pads each sequence with 0 before its values, or keeps only its last {@code maxlen} values, as Keras's
   * {@code pad_sequences(sequences, maxlen)} with its defaults {@code padding="pre"}, {@code truncating="pre"},
   * {@code value=0}: {@code [[1], [2, 3], [4, 5, 6]]} with {@code maxlen=2} gives {@code [[0, 1], [2, 3], [5, 6]]}.
   */
  public static int[][] padSequences(int[][] sequences, int maxlen) {
    return padSequences(sequences, PadOptions.defaults().maxlen(maxlen));
  }

  /** Pads and truncates as {@code options} say (Keras's {@code pad_sequences(sequences, **options)}); see {@link Sequences}. */
  public static int[][] padSequences(int[][] sequences, PadOptions options) {
    return StdArrays.array2dCopyOf(Sequences.padSequences(sequences, options));
  }

  /**
   * Sliding windows of {@code sequenceLength} rows of {@code data [T][features]}, each with the target of its first step
   * ({@code targets[start]}), as Keras's {@code keras.utils.timeseries_dataset_from_array(data, targets, sequence_length,
   * **options)}; see {@link TimeseriesDataset} for the window semantics and {@link TimeseriesOptions} for the options.
   */
  public static TimeseriesDataset timeseriesDatasetFromArray(
      float[][] data, float[] targets, int sequenceLength, TimeseriesOptions options) {
    return TimeseriesDataset.of(
        floats(JavaArrays.of("data", data)), floats("targets", targets), sequenceLength, options);
  }

  /** Windows over {@code data [T][features]} with target rows {@code targets [T][k]}; see the {@code float[]} form. */
  public static TimeseriesDataset timeseriesDatasetFromArray(
      float[][] data, float[][] targets, int sequenceLength, TimeseriesOptions options) {
    HostArray t = targets == null ? null : JavaArrays.of("targets", targets);
    return TimeseriesDataset.of(
        floats(JavaArrays.of("data", data)), floats(t), sequenceLength, options);
  }

  /** Windows {@code [n][sequenceLength]} over a single series {@code data [T]}; see the {@code float[][]} form. */
  public static TimeseriesDataset timeseriesDatasetFromArray(
      float[] data, float[] targets, int sequenceLength, TimeseriesOptions options) {
    return TimeseriesDataset.of(
        floats("data", data), floats("targets", targets), sequenceLength, options);
  }

  /** Windows over {@code data [T][features]} without targets (Keras's {@code targets=None}), e.g. for {@code predict}. */
  public static TimeseriesDataset timeseriesDatasetFromArray(
      float[][] data, int sequenceLength, TimeseriesOptions options) {
    return TimeseriesDataset.of(floats(JavaArrays.of("data", data)), null, sequenceLength, options);
  }

  /** Windows over ndarrays (time on axis 0); {@code targets} may be null. */
  public static TimeseriesDataset timeseriesDatasetFromArray(
      FloatNdArray data, FloatNdArray targets, int sequenceLength, TimeseriesOptions options) {
    return TimeseriesDataset.of(data, targets, sequenceLength, options);
  }

  private static FloatNdArray floats(String name, float[] values) {
    return values == null ? null : floats(JavaArrays.of(name, values));
  }

  private static FloatNdArray floats(HostArray a) {
    return a == null ? null : NdArrays.wrap(a.shape(), DataBuffers.of(a.floats(), false, false));
  }
}
