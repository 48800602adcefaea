package io.tfweave.data;

import io.tfweave.internal.DataChecks;

/**
 * Options of {@link Timeseries#windows}, with the names and defaults of Keras's
 * {@code timeseries_dataset_from_array}: {@code sequenceLength} (required),
 * {@code samplingRate} (1), {@code sequenceStride} (1), {@code startIndex} (0) and
 * {@code endIndex} (the data length, exclusive).
 *
 * <p>Start with {@code WindowOptions.sequenceLength(n)}; instances are immutable.
 */
public final class WindowOptions {
  private final int sequenceLength;
  private final int samplingRate;
  private final int sequenceStride;
  private final Integer startIndex;
  private final Integer endIndex;

  private WindowOptions(
      int sequenceLength,
      int samplingRate,
      int sequenceStride,
      Integer startIndex,
      Integer endIndex) {
    this.sequenceLength = sequenceLength;
    this.samplingRate = samplingRate;
    this.sequenceStride = sequenceStride;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
  }

  /** Starts options for windows of {@code sequenceLength} time steps. */
  public static WindowOptions sequenceLength(int sequenceLength) {
    return new WindowOptions(
        DataChecks.positive("sequenceLength", sequenceLength), 1, 1, null, null);
  }

  /** Sets the period between the time steps of one window. */
  public WindowOptions samplingRate(int samplingRate) {
    if (samplingRate <= 0) {
      throw new IllegalArgumentException(
          "samplingRate must be higher than 0. Received: samplingRate=" + samplingRate);
    }
    return new WindowOptions(sequenceLength, samplingRate, sequenceStride, startIndex, endIndex);
  }

  /** Sets the period between the first time steps of successive windows. */
  public WindowOptions sequenceStride(int sequenceStride) {
    if (sequenceStride <= 0) {
      throw new IllegalArgumentException(
          "sequenceStride must be higher than 0. Received: sequenceStride=" + sequenceStride);
    }
    return new WindowOptions(sequenceLength, samplingRate, sequenceStride, startIndex, endIndex);
  }

  /** Uses no time step before {@code startIndex}. */
  public WindowOptions startIndex(int startIndex) {
    if (startIndex < 0) {
      throw new IllegalArgumentException(
          "startIndex must be 0 or greater. Received: startIndex=" + startIndex);
    }
    return new WindowOptions(sequenceLength, samplingRate, sequenceStride, startIndex, endIndex);
  }

  /**
   * Uses no time step at or after {@code endIndex} (exclusive); as in Keras, an explicit value
   * must be below the data length.
   */
  public WindowOptions endIndex(int endIndex) {
    if (endIndex <= 0) {
      throw new IllegalArgumentException(
          "endIndex must be higher than 0. Received: endIndex=" + endIndex);
    }
    return new WindowOptions(sequenceLength, samplingRate, sequenceStride, startIndex, endIndex);
  }

  /** Returns the number of time steps per window. */
  public int sequenceLength() {
    return sequenceLength;
  }

  /** Returns the period between the time steps of one window. */
  public int samplingRate() {
    return samplingRate;
  }

  /** Returns the period between window starts. */
  public int sequenceStride() {
    return sequenceStride;
  }

  /** Returns the first usable time step, or {@code null} for 0. */
  public Integer startIndex() {
    return startIndex;
  }

  /** Returns the end (exclusive) of the usable time steps, or {@code null} for the data length. */
  public Integer endIndex() {
    return endIndex;
  }
}
