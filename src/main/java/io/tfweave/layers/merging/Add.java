package io.tfweave.layers.merging;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adds its inputs element-wise (Keras's {@code Add}).
 *
 * <p>Input shape: two or more tensors of equal shape. Output shape: the same shape.
 */
public final class Add extends Merge<Add> {
  @Override
  protected Operand<TFloat32> combine(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.add(a, b);
  }

  /** Rebuilds from a config. */
  public static Add fromConfig(Map<String, Object> c) {
    return new Add().readConfig(c);
  }
}
