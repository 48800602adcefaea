package io.tfweave.layers.pooling;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Averages each channel over all spatial positions (Keras's {@code GlobalAveragePooling2D}); the usual bridge from
 * convolutional features to a classifier head.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, channels)}, or
 * {@code (batch, 1, 1, channels)} with {@code keepdims(true)}.
 */
public final class GlobalAveragePooling2D extends GlobalPooling2D<GlobalAveragePooling2D> {
  /** Global average pooling without kept dimensions. */
  public GlobalAveragePooling2D() {}

  @Override
  Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, boolean keepDims) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}), Mean.keepDims(keepDims));
  }

  /** Rebuilds from a Keras config. */
  public static GlobalAveragePooling2D fromConfig(Map<String, Object> c) {
    return new GlobalAveragePooling2D().readConfig(c);
  }
}
