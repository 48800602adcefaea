package io.tfweave.layers.pooling;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Down-samples images by taking the maximum of each window (Keras's {@code MaxPooling2D}).
 *
 * <p>Defaults: a 2×2 window, strides equal to the window, {@code VALID} padding.
 * Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, newHeight, newWidth, channels)} with
 * {@code newHeight = floor((height − pool) / stride) + 1} ({@code VALID}) or {@code ceil(height / stride)} ({@code SAME}).
 */
public final class MaxPooling2D extends Pooling2D<MaxPooling2D> {
  /** A pooling layer with a 2×2 window and stride 2. */
  public MaxPooling2D() {}

  @Override
  Operand<TFloat32> pool(
      Ops tf, Operand<TFloat32> x, List<Long> ksize, List<Long> strides, String padding) {
    return tf.nn.maxPool(x, tf.constant(toInts(ksize)), tf.constant(toInts(strides)), padding);
  }

  private static int[] toInts(List<Long> v) {
    return v.stream().mapToInt(Long::intValue).toArray();
  }

  /** Rebuilds from a Keras config. */
  public static MaxPooling2D fromConfig(Map<String, Object> c) {
    return new MaxPooling2D().readConfig(c);
  }
}
