package io.tfweave.layers.pooling;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Down-samples images by taking the mean (padding excluded) of each window (Keras's {@code AveragePooling2D}).
 *
 * <p>Defaults: a 2×2 window, strides equal to the window, {@code VALID} padding.
 * Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, newHeight, newWidth, channels)} with
 * {@code newHeight = floor((height − pool) / stride) + 1} ({@code VALID}) or {@code ceil(height / stride)} ({@code SAME}).
 */
public final class AveragePooling2D extends Pooling2D<AveragePooling2D> {
  /** A pooling layer with a 2×2 window and stride 2. */
  public AveragePooling2D() {}

  @Override
  Operand<TFloat32> pool(
      Ops tf, Operand<TFloat32> x, List<Long> ksize, List<Long> strides, String padding) {
    return tf.nn.avgPool(x, ksize, strides, padding);
  }

  /** Rebuilds from a Keras config. */
  public static AveragePooling2D fromConfig(Map<String, Object> c) {
    return new AveragePooling2D().readConfig(c);
  }
}
