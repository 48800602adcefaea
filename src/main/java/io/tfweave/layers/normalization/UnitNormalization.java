package io.tfweave.layers.normalization;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Masks;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Scales each sample to unit L2 norm over {@code axis} (Keras's {@code UnitNormalization}):
 * {@code y = x / sqrt(max(Σ x², 1e-12))}, the sum taken over {@code axis} (default -1).
 *
 * <p>No weights. A mask on the input is passed on. Input shape: any. Output shape: same as input.
 */
public final class UnitNormalization extends BaseLayer<UnitNormalization> {
  /** Keras's floor of the squared norm, which keeps an all-zero sample at zero instead of NaN. */
  public static final double SQUARED_NORM_FLOOR = 1e-12;

  private static final Option<int[]> AXIS = Axes.option();
  private static final List<Option<?>> OPTIONS = Option.list(AXIS);

  /** Unit normalization over the last axis. */
  public UnitNormalization() {
    super(OPTIONS);
  }

  /** The axis or axes to normalize over (default -1). */
  public UnitNormalization axis(int... axes) {
    return set(AXIS, axes);
  }

  @Override
  public Shape outputShape(Shape in) {
    Axes.resolve(this, in, get(AXIS), false);
    return in;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int[] axes = Axes.resolve(this, x.shape(), get(AXIS), false);
    Operand<TFloat32> squareSum = tf.sum(tf.math.square(x), tf.constant(axes), Sum.keepDims(true));
    Operand<TFloat32> inv =
        tf.math.rsqrt(tf.math.maximum(squareSum, tf.constant((float) SQUARED_NORM_FLOOR)));
    return Masks.passOn(x, tf.math.mul(x, inv));
  }

  /** Rebuilds from a Keras config ({@code axis} a number or a list). */
  public static UnitNormalization fromConfig(Map<String, Object> c) {
    return new UnitNormalization().readConfig(c);
  }
}
