package io.tfweave.layers.merging;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Averages its inputs element-wise (Keras's {@code Average}).
 *
 * <p>Input shape: two or more tensors of equal shape. Output shape: the same shape.
 */
public final class Average extends Merge<Average> {
  @Override
  protected Operand<TFloat32> combine(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.add(a, b);
  }

  @Override
  protected Operand<TFloat32> finish(Ops tf, Operand<TFloat32> acc, int n) {
    return tf.math.div(acc, tf.constant((float) n));
  }

  /** Rebuilds from a config. */
  public static Average fromConfig(Map<String, Object> c) {
    return new Average().readConfig(c);
  }
}
