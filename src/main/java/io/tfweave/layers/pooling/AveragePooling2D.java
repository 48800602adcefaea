package io.tfweave.layers.pooling;

import io.tfweave.layers.Input;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Down-samples images by taking the mean (padding excluded) of each window (Keras's {@code AveragePooling2D}).
 *
 * <p>Defaults: a 2×2 window, strides equal to the window, {@code "valid"} padding.
 * Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, newHeight, newWidth, channels)} with
 * {@code newHeight = floor((height − pool) / stride) + 1} ("valid") or {@code ceil(height / stride)} ("same").
 */
public final class AveragePooling2D extends Pooling2D {
  /** A pooling layer with a 2×2 window and stride 2. */
  public AveragePooling2D() {}

  /** The window size (default 2); one value or (height, width). */
  public AveragePooling2D poolSize(int... p) { return configure(() -> this.poolSize = ConvArgs.pair("pool_size", p)); }

  /** Strides (default: the pool size). */
  public AveragePooling2D strides(int... s) { return configure(() -> this.strides = ConvArgs.pair("strides", s)); }

  /** {@code "valid"} (default) or {@code "same"}. */
  public AveragePooling2D padding(String p) { return configure(() -> this.padding = ConvArgs.padding(p)); }

  @Override
  Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x, List<Long> ksize, List<Long> strides, String padding) {
    return tf.nn.avgPool(x, ksize, strides, padding);
  }

  /** Rebuilds from a Keras config. */
  public static AveragePooling2D fromConfig(Map<String, Object> c) { return read(new AveragePooling2D(), c); }
}
