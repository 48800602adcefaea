package io.tfweave.layers.pooling;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Down-samples sequences by taking the mean (padding excluded) of each window of steps (Keras's {@code AveragePooling1D}).
 *
 * <p>Defaults: a window of 2 steps, strides equal to the window, {@code VALID} padding.
 * Input shape: {@code (batch, steps, features)}. Output shape: {@code (batch, newSteps, features)} with
 * {@code newSteps = floor((steps − pool) / stride) + 1} ({@code VALID}) or {@code ceil(steps / stride)} ({@code SAME}).
 */
public final class AveragePooling1D extends Pooling1D<AveragePooling1D> {
  /** A pooling layer with a window of 2 steps and stride 2. */
  public AveragePooling1D() {}

  @Override
  Operand<TFloat32> pool(
      Ops tf, Operand<TFloat32> x, List<Long> ksize, List<Long> strides, String padding) {
    return tf.nn.avgPool(x, ksize, strides, padding);
  }

  /** Rebuilds from a Keras config. */
  public static AveragePooling1D fromConfig(Map<String, Object> c) {
    return new AveragePooling1D().readConfig(c);
  }
}
