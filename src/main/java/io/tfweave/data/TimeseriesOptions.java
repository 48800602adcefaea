package io.tfweave.data;

/**
 * Options of {@link TimeseriesDataset#of} ({@code Utils.timeseriesDatasetFromArray}), with the names and defaults of Keras's
 * {@code timeseries_dataset_from_array}: {@code samplingRate} (1), {@code sequenceStride} (1), {@code shuffle} (false),
 * {@code seed} (none: the next global seed after {@code Utils.setRandomSeed}, else random), {@code batchSize} (128),
 * {@code startIndex} (0) and {@code endIndex} (the data length, exclusive).
 *
 * <p>Instances are immutable; each option method returns a new instance:
 * {@code TimeseriesOptions.defaults().sequenceStride(6).batchSize(256)}.
 */
public final class TimeseriesOptions {
  /** Keras's default batch size of {@code timeseries_dataset_from_array}. */
  public static final int BATCH_SIZE_DEFAULT = 128;

  private static final TimeseriesOptions DEFAULTS =
      new TimeseriesOptions(1, 1, false, null, BATCH_SIZE_DEFAULT, null, null);

  private final int samplingRate;
  private final int sequenceStride;
  private final boolean shuffle;
  private final Long seed;
  private final int batchSize;
  private final Integer startIndex;
  private final Integer endIndex;

  private TimeseriesOptions(
      int samplingRate,
      int sequenceStride,
      boolean shuffle,
      Long seed,
      int batchSize,
      Integer startIndex,
      Integer endIndex) {
    this.samplingRate = samplingRate;
    this.sequenceStride = sequenceStride;
    this.shuffle = shuffle;
    this.seed = seed;
    this.batchSize = batchSize;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
  }

  /** Returns Keras's defaults. */
  public static TimeseriesOptions defaults() {
    return DEFAULTS;
  }

  /** Sets the period between the time steps of one window (Keras's {@code sampling_rate}). */
  public TimeseriesOptions samplingRate(int samplingRate) {
    return new TimeseriesOptions(
        higherThanZero("samplingRate", samplingRate),
        sequenceStride,
        shuffle,
        seed,
        batchSize,
        startIndex,
        endIndex);
  }

  /** Sets the period between the first time steps of successive windows (Keras's {@code sequence_stride}). */
  public TimeseriesOptions sequenceStride(int sequenceStride) {
    return new TimeseriesOptions(
        samplingRate,
        higherThanZero("sequenceStride", sequenceStride),
        shuffle,
        seed,
        batchSize,
        startIndex,
        endIndex);
  }

  /** Whether to permute the windows once (numpy's {@code RandomState(seed)} permutation, as Keras does). */
  public TimeseriesOptions shuffle(boolean shuffle) {
    return new TimeseriesOptions(
        samplingRate, sequenceStride, shuffle, seed, batchSize, startIndex, endIndex);
  }

  /** Sets the seed of the shuffle. */
  public TimeseriesOptions seed(long seed) {
    return new TimeseriesOptions(
        samplingRate, sequenceStride, shuffle, seed, batchSize, startIndex, endIndex);
  }

  /** Sets the number of windows per batch (default 128). */
  public TimeseriesOptions batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "batchSize must be a positive integer. Received: batchSize=" + batchSize);
    }
    return new TimeseriesOptions(
        samplingRate, sequenceStride, shuffle, seed, batchSize, startIndex, endIndex);
  }

  /** Uses no time step before {@code startIndex}. */
  public TimeseriesOptions startIndex(int startIndex) {
    if (startIndex < 0) {
      throw new IllegalArgumentException(
          "startIndex must be 0 or greater. Received: startIndex=" + startIndex);
    }
    return new TimeseriesOptions(
        samplingRate, sequenceStride, shuffle, seed, batchSize, startIndex, endIndex);
  }

  /** Uses no time step at or after {@code endIndex} (exclusive); as in Keras, it must be below the data length. */
  public TimeseriesOptions endIndex(int endIndex) {
    return new TimeseriesOptions(
        samplingRate,
        sequenceStride,
        shuffle,
        seed,
        batchSize,
        startIndex,
        higherThanZero("endIndex", endIndex));
  }

  /** Returns the period between the time steps of one window. */
  public int samplingRate() {
    return samplingRate;
  }

  /** Returns the period between window starts. */
  public int sequenceStride() {
    return sequenceStride;
  }

  /** Returns whether the windows are shuffled. */
  public boolean shuffle() {
    return shuffle;
  }

  /** Returns the shuffle seed, or {@code null} for the global or a random one. */
  public Long seed() {
    return seed;
  }

  /** Returns the number of windows per batch. */
  public int batchSize() {
    return batchSize;
  }

  /** Returns the first usable time step, or {@code null} for 0. */
  public Integer startIndex() {
    return startIndex;
  }

  /** Returns the end (exclusive) of the usable time steps, or {@code null} for the data length. */
  public Integer endIndex() {
    return endIndex;
  }

  /** The window options for windows of {@code sequenceLength} steps. */
  WindowOptions windows(int sequenceLength) {
    WindowOptions o = WindowOptions.sequenceLength(sequenceLength)
        .samplingRate(samplingRate)
        .sequenceStride(sequenceStride);
    if (startIndex != null) o = o.startIndex(startIndex);
    if (endIndex != null) o = o.endIndex(endIndex);
    return o;
  }

  private static int higherThanZero(String name, int value) {
    if (value <= 0)
      throw new IllegalArgumentException(
          name + " must be higher than 0. Received: " + name + "=" + value);
    return value;
  }
}
