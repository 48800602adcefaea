package io.tfweave.data;

import io.tfweave.data.internal.NumpyRandomState;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Sliding windows cut from a time series by {@link Timeseries#windows}: the inputs, the
 * target of each window (if targets were given) and the data index each window starts at.
 *
 * @param x windows {@code [n, sequenceLength, features...]}
 * @param y targets {@code [n, targetFeatures...]}, {@code y[i] = targets[starts[i]]}, or
 *     {@code null} when no targets were given
 * @param starts the index into the data of the first time step of each window
 */
public record TimeseriesWindows(FloatNdArray x, FloatNdArray y, int[] starts) {
  /** Returns the number of windows. */
  public int size() {
    return starts.length;
  }

  /**
   * Returns the windows reordered like Keras's {@code shuffle=True}: the window starts are
   * shuffled by numpy's {@code RandomState(seed)}. (Keras then also shuffles within a buffer
   * on every epoch; that is left to the training loop.)
   */
  public TimeseriesWindows shuffled(long seed) {
    int[] perm = new NumpyRandomState(seed).permutation(starts.length);
    int[] newStarts = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      newStarts[i] = starts[perm[i]];
    }
    return new TimeseriesWindows(gather(x, perm), y == null ? null : gather(y, perm), newStarts);
  }

  private static FloatNdArray gather(FloatNdArray a, int[] perm) {
    Shape shape = a.shape();
    int row = perm.length == 0 ? 0 : (int) (shape.size() / shape.get(0));
    float[] flat = new float[(int) shape.size()];
    a.copyTo(DataBuffers.of(flat, false, false));
    float[] out = new float[flat.length];
    for (int i = 0; i < perm.length; i++) {
      System.arraycopy(flat, perm[i] * row, out, i * row, row);
    }
    return NdArrays.wrap(shape, DataBuffers.of(out, false, false));
  }
}
