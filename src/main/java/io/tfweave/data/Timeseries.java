package io.tfweave.data;

import io.tfweave.internal.DataChecks;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Cuts a time series into sliding windows, with the window semantics of Keras's
 * {@code timeseries_dataset_from_array} (batching and per-epoch shuffling are left to the
 * training loop).
 *
 * <p>With {@code s = startIndex}, {@code e = endIndex} (default: the data length),
 * {@code L = sequenceLength}, {@code r = samplingRate} and {@code d = sequenceStride}, there
 * are {@code m = e - s - (L - 1) * r} candidate start offsets ({@code min(m, targets rows)}
 * with targets); window {@code i} starts at data index {@code s + i * d} for every
 * {@code i * d < m}, covers the indices {@code start + k * r} for {@code k < L}, and its target
 * is {@code targets[start]}, the target row of its first time step. For example 99 steps
 * with {@code L = 10, r = 2, d = 3} give 27 windows, the last covering 78, 80, ..., 96. As in
 * Keras, an explicit {@code endIndex} must be below the data length, and {@code samplingRate}
 * and {@code sequenceStride} must be below it too.
 */
public final class Timeseries {
  private Timeseries() {}

  /** Cuts windows from {@code data [T, F]} without targets. */
  public static TimeseriesWindows windows(float[][] data, WindowOptions options) {
    return windows(matrix("data", data), null, options);
  }

  /** Cuts windows from {@code data [T, F]}; {@code targets [T]} may be {@code null}. */
  public static TimeseriesWindows windows(float[][] data, float[] targets, WindowOptions options) {
    FloatNdArray t = targets == null
        ? null
        : NdArrays.wrap(Shape.of(targets.length), DataBuffers.of(targets, false, false));
    return windows(matrix("data", data), t, options);
  }

  /** Cuts windows from {@code data [T, F]}; {@code targets [T, G]} may be {@code null}. */
  public static TimeseriesWindows windows(
      float[][] data, float[][] targets, WindowOptions options) {
    FloatNdArray t = targets == null ? null : matrix("targets", targets);
    return windows(matrix("data", data), t, options);
  }

  /**
   * Cuts windows from {@code data} (axis 0 is time, any further axes are features);
   * {@code targets} (axis 0 is time) may be {@code null}.
   */
  public static TimeseriesWindows windows(
      FloatNdArray data, FloatNdArray targets, WindowOptions options) {
    DataChecks.notNull("data", data);
    DataChecks.notNull("options", options);
    if (data.shape().numDimensions() < 1) {
      throw new IllegalArgumentException(
          "data must have a time axis. Received: data.shape=" + data.shape());
    }
    int steps = (int) data.shape().get(0);
    int start = options.startIndex() == null ? 0 : options.startIndex();
    int end = options.endIndex() == null ? steps : options.endIndex();
    check(options, steps, start);
    int length = options.sequenceLength();
    int rate = options.samplingRate();
    long candidates = (long) end - start - (long) (length - 1) * rate;
    if (targets != null) {
      if (targets.shape().numDimensions() < 1) {
        throw new IllegalArgumentException(
            "targets must have a time axis. Received:" + " targets.shape=" + targets.shape());
      }
      candidates = Math.min(candidates, targets.shape().get(0));
    }
    int count = candidates <= 0 ? 0 : (int) ((candidates - 1) / options.sequenceStride() + 1);
    int[] starts = new int[count];
    for (int i = 0; i < count; i++) {
      starts[i] = start + i * options.sequenceStride();
    }
    float[] flat = flat(data);
    int row = steps == 0 ? 0 : flat.length / steps;
    float[] x = new float[Math.multiplyExact(count, length * row)];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < length; k++) {
        System.arraycopy(flat, (starts[i] + k * rate) * row, x, (i * length + k) * row, row);
      }
    }
    long[] xShape = new long[data.shape().numDimensions() + 1];
    xShape[0] = count;
    xShape[1] = length;
    System.arraycopy(data.shape().asArray(), 1, xShape, 2, xShape.length - 2);
    FloatNdArray xs = NdArrays.wrap(Shape.of(xShape), DataBuffers.of(x, false, false));
    return new TimeseriesWindows(xs, targets == null ? null : pick(targets, starts), starts);
  }

  private static FloatNdArray pick(FloatNdArray targets, int[] starts) {
    long rows = targets.shape().get(0);
    for (int i = 0; i < starts.length; i++) {
      if (starts[i] >= rows) {
        throw new IllegalArgumentException("targets has " + rows + " rows but window " + i
            + " starts at data index " + starts[i] + ", whose target targets[" + starts[i]
            + "] does not exist. targets[i] must be the target of the window starting at"
            + " data[i]; pass as many target rows as data rows.");
      }
    }
    float[] flat = flat(targets);
    int row = rows == 0 ? 0 : (int) (flat.length / rows);
    float[] y = new float[starts.length * row];
    for (int i = 0; i < starts.length; i++) {
      System.arraycopy(flat, starts[i] * row, y, i * row, row);
    }
    long[] shape = targets.shape().asArray();
    shape[0] = starts.length;
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(y, false, false));
  }

  private static void check(WindowOptions o, int steps, int start) {
    if (o.startIndex() != null && start >= steps) {
      throw new IllegalArgumentException("startIndex must be lower than the length of the data."
          + " Received: startIndex=" + start + ", for data of length " + steps);
    }
    if (o.endIndex() != null) {
      if (o.startIndex() != null && o.endIndex() <= start) {
        throw new IllegalArgumentException("endIndex must be higher than startIndex. Received:"
            + " startIndex=" + start + ", and endIndex=" + o.endIndex());
      }
      if (o.endIndex() >= steps) {
        throw new IllegalArgumentException("endIndex must be lower than the length of the data."
            + " Received: endIndex=" + o.endIndex() + ", for data of length " + steps
            + " (leave endIndex unset to use all the data)");
      }
    }
    if (o.samplingRate() >= steps) {
      throw new IllegalArgumentException("samplingRate must be lower than the length of the"
          + " data. Received: samplingRate=" + o.samplingRate() + ", for data of length " + steps);
    }
    if (o.sequenceStride() >= steps) {
      throw new IllegalArgumentException("sequenceStride must be lower than the length of the"
          + " data. Received: sequenceStride=" + o.sequenceStride() + ", for data of length "
          + steps);
    }
  }

  private static float[] flat(FloatNdArray a) {
    float[] out = new float[Math.toIntExact(a.shape().size())];
    a.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static FloatNdArray matrix(String name, float[][] rows) {
    DataChecks.notNull(name, rows);
    int width = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[Math.multiplyExact(rows.length, width)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != width) {
        throw new IllegalArgumentException(name + " must be rectangular. Received: " + name
            + "[0].length=" + width + ", " + name + "[" + i + "]"
            + (rows[i] == null ? "=null" : ".length=" + rows[i].length));
      }
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return NdArrays.wrap(Shape.of(rows.length, width), DataBuffers.of(flat, false, false));
  }
}
