package io.tfweave.layers.merging;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Subtracts the second input from the first (Keras's {@code Subtract}).
 *
 * <p>Input shape: two or more tensors of equal shape. Output shape: the same shape.
 */
public final class Subtract extends Merge<Subtract> {
  @Override
  public java.util.List<org.tensorflow.ndarray.Shape> outputShapes(
      java.util.List<org.tensorflow.ndarray.Shape> in) {
    if (in.size() != 2) {
      throw new IllegalArgumentException(
          "Layer '" + shownName() + "' (Subtract) needs exactly 2 inputs, received " + in.size());
    }
    return super.outputShapes(in);
  }

  @Override
  protected Operand<TFloat32> combine(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.sub(a, b);
  }

  /** Rebuilds from a config. */
  public static Subtract fromConfig(Map<String, Object> c) {
    return new Subtract().readConfig(c);
  }
}
