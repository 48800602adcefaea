package io.tfweave.layers.pooling;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;

/**
 * Takes the maximum of each channel over all spatial positions (Keras's {@code GlobalMaxPooling2D}).
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, channels)}, or
 * {@code (batch, 1, 1, channels)} with {@code keepdims(true)}.
 */
public final class GlobalMaxPooling2D extends GlobalPooling2D<GlobalMaxPooling2D> {
  /** Global max pooling without kept dimensions. */
  public GlobalMaxPooling2D() {}

  @Override
  Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, boolean keepDims) {
    return tf.max(x, tf.constant(new int[] {1, 2}), Max.keepDims(keepDims));
  }

  /** Rebuilds from a Keras config. */
  public static GlobalMaxPooling2D fromConfig(Map<String, Object> c) {
    return new GlobalMaxPooling2D().readConfig(c);
  }
}
