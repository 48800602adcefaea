package io.tfweave.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-channel standardization of channels-last images: {@code (x − mean[c]) / std[c]}, with statistics computed on training
 * images ({@link #fit}) or given ({@link #of}, e.g. ImageNet's). Apply the same instance to training, validation and test
 * images.
 *
 * <pre>{@code
 * ChannelNormalization norm = ChannelNormalization.fit(trainImages);   // [n, h, w, c] float array
 * HostArray train = norm.apply(trainImages), test = norm.apply(testImages);
 * }</pre>
 */
public final class ChannelNormalization {
  /** Lower bound for a standard deviation, so that constant channels do not divide by zero. */
  public static final double MIN_STD = 1e-7;

  private final double[] mean;
  private final double[] std;

  private ChannelNormalization(double[] mean, double[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("mean and std need one value per channel. Received: "
          + mean.length + " means and " + std.length + " stds");
    }
    for (double s : std) {
      if (!(s > 0) || !Double.isFinite(s)) {
        throw new IllegalArgumentException(
            "std values must be positive and finite. Received: std=" + Arrays.toString(std));
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** Given statistics, one per channel. */
  public static ChannelNormalization of(double[] mean, double[] std) {
    return new ChannelNormalization(mean, std);
  }

  /** Mean and (population) standard deviation of each channel of {@code images} (last axis = channels). */
  public static ChannelNormalization fit(HostArray images) {
    HostArray f = images.asFloat();
    int channels = (int) f.shape().get(f.shape().numDimensions() - 1);
    return fit(f.floats(), channels);
  }

  /** Statistics of a flat channels-last array with {@code channels} channels. */
  public static ChannelNormalization fit(float[] values, int channels) {
    if (channels <= 0 || values.length == 0 || values.length % channels != 0) {
      throw new IllegalArgumentException(
          "values must be a non-empty channels-last array whose length is a multiple of channels."
              + " Received: " + values.length + " values, channels=" + channels);
    }
    double[] sum = new double[channels];
    double[] sq = new double[channels];
    for (int i = 0; i < values.length; i++) sum[i % channels] += values[i];
    long per = values.length / channels;
    double[] mean = new double[channels];
    for (int c = 0; c < channels; c++) mean[c] = sum[c] / per;
    for (int i = 0; i < values.length; i++) {
      double d = values[i] - mean[i % channels];
      sq[i % channels] += d * d;
    }
    double[] std = new double[channels];
    for (int c = 0; c < channels; c++) std[c] = Math.max(Math.sqrt(sq[c] / per), MIN_STD);
    return new ChannelNormalization(mean, std);
  }

  /** The per-channel means. */
  public double[] mean() {
    return mean.clone();
  }

  /** The per-channel standard deviations. */
  public double[] std() {
    return std.clone();
  }

  /** Number of channels. */
  public int channels() {
    return mean.length;
  }

  /** A normalized copy of {@code images} (float32, same shape). */
  public HostArray apply(HostArray images) {
    HostArray f = images.asFloat();
    long last = f.shape().get(f.shape().numDimensions() - 1);
    if (last != mean.length) {
      throw new IllegalArgumentException("images have " + last + " channels (last axis of shape "
          + f.shape() + "), but the " + "normalization was fitted on " + mean.length);
    }
    return HostArray.ofFloats(apply(f.floats()), f.shape().asArray());
  }

  /** A normalized copy of a flat channels-last array. */
  public float[] apply(float[] values) {
    if (values.length % mean.length != 0) {
      throw new IllegalArgumentException(
          "values length " + values.length + " is not a multiple of " + mean.length + " channels");
    }
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      int c = i % mean.length;
      out[i] = (float) ((values[i] - mean[c]) / std[c]);
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "ChannelNormalization(mean=%s, std=%s)",
        Arrays.toString(mean),
        Arrays.toString(std));
  }
}
