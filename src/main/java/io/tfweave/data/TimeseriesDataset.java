package io.tfweave.data;

import io.tfweave.graph.RandomSeeds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Sliding windows over a time series as a {@link Dataset}, with the semantics of Keras's
 * {@code timeseries_dataset_from_array}: window {@code i} starts at {@code startIndex + i·sequenceStride}, takes
 * {@code sequenceLength} steps {@code samplingRate} apart, and its target is {@code targets[start]} (so pass targets already
 * shifted by the forecast horizon, as in Keras). Window extraction is {@link Timeseries#windows}.
 *
 * <p>With {@code shuffle}, the window order is permuted once with numpy's {@code RandomState(seed)}, as Keras does (Keras then
 * also shuffles within a buffer each epoch; {@code fit} shuffles every epoch instead). {@link #batches()} cuts the windows into
 * Keras's batches; {@link #dataset()} holds them all for {@code fit} with {@code FitOptions.batchSize(batchSize())}.
 */
public final class TimeseriesDataset {
  private final TimeseriesWindows windows;
  private final int batchSize;

  private TimeseriesDataset(TimeseriesWindows windows, int batchSize) {
    this.windows = windows;
    this.batchSize = batchSize;
  }

  /**
   * Keras's {@code timeseries_dataset_from_array(data, targets, sequence_length, sampling_rate, sequence_stride, shuffle,
   * seed, batch_size, start_index, end_index)}: {@code data} has time on axis 0; {@code targets} (time on axis 0) may be
   * null; {@code seed} null means the next global seed ({@code Utils.setRandomSeed}) or a random one; {@code startIndex} /
   * {@code endIndex} null mean 0 / the data length. {@link #of} takes the same options as an object.
   */
  public static TimeseriesDataset timeseriesDataset(
      FloatNdArray data,
      FloatNdArray targets,
      int sequenceLength,
      int samplingRate,
      int sequenceStride,
      boolean shuffle,
      Long seed,
      int batchSize,
      Integer startIndex,
      Integer endIndex) {
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "batchSize must be a positive integer. Received: batchSize=" + batchSize);
    }
    WindowOptions o = WindowOptions.sequenceLength(sequenceLength)
        .samplingRate(samplingRate)
        .sequenceStride(sequenceStride);
    if (startIndex != null) o = o.startIndex(startIndex);
    if (endIndex != null) o = o.endIndex(endIndex);
    return windows(data, targets, o, shuffle, seed, batchSize);
  }

  /**
   * Windows of {@code sequenceLength} steps over {@code data} (time on axis 0) with their targets ({@code targets[start]};
   * may be null), as Keras's {@code timeseries_dataset_from_array(data, targets, sequence_length, **options)}.
   */
  public static TimeseriesDataset of(
      FloatNdArray data, FloatNdArray targets, int sequenceLength, TimeseriesOptions options) {
    if (options == null)
      throw new IllegalArgumentException("options must not be null. Received: options=null");
    return windows(
        data,
        targets,
        options.windows(sequenceLength),
        options.shuffle(),
        options.seed(),
        options.batchSize());
  }

  private static TimeseriesDataset windows(
      FloatNdArray data,
      FloatNdArray targets,
      WindowOptions o,
      boolean shuffle,
      Long seed,
      int batchSize) {
    TimeseriesWindows w = Timeseries.windows(data, targets, o);
    if (shuffle) {
      // Keras: np.random.randint(1e6) when seed is None, which keras.utils.set_random_seed makes
      // reproducible.
      w = w.shuffled(
          seed != null
              ? seed
              : RandomSeeds.next(1_000_000)
                  .orElseGet(() -> ThreadLocalRandom.current().nextLong(1_000_000)));
    }
    return new TimeseriesDataset(w, batchSize);
  }

  /** All windows (and targets, if any) in order. */
  public Dataset dataset() {
    HostArray x = HostArray.of(windows.x());
    return Dataset.ofArrays(List.of(x), windows.y() == null ? null : HostArray.of(windows.y()));
  }

  /** The windows in batches of {@link #batchSize()} (the last may be smaller), as Keras yields them. */
  public List<Dataset> batches() {
    Dataset all = dataset();
    List<Dataset> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += batchSize)
      out.add(all.range(from, Math.min(all.size(), from + batchSize)));
    return out;
  }

  /** The batch size to train with. */
  public int batchSize() {
    return batchSize;
  }

  /** Number of windows. */
  public int size() {
    return windows.size();
  }

  /** The data index of the first step of each window, in dataset order. */
  public int[] starts() {
    return windows.starts().clone();
  }

  /** The windows as extracted (inputs, targets, starts). */
  public TimeseriesWindows windows() {
    return windows;
  }
}
