package io.tfweave.layers.core;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceAny;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Marks padding time steps: a step whose features all equal {@code maskValue} is masked, so that a following recurrent
 * layer skips it (keeps its previous output and states). Masked steps are also zeroed in the output, as in Keras.
 *
 * <p>Input shape: {@code (batch, time, features...)}. Output shape: same as input.
 */
public final class Masking extends BaseLayer<Masking> {
  /** Keras's default mask value. */
  public static final double MASK_VALUE_DEFAULT = 0.0;

  private static final Option<Double> MASK_VALUE = Option.number("mask_value", MASK_VALUE_DEFAULT)
      .checked(v -> {
        if (Double.isNaN(v))
          throw new IllegalArgumentException("maskValue must be a number. Received: maskValue=NaN");
        return v;
      });
  private static final List<Option<?>> OPTIONS = Option.list(MASK_VALUE);

  /** Masks steps whose features all equal {@link #MASK_VALUE_DEFAULT}. */
  public Masking() {
    this(MASK_VALUE_DEFAULT);
  }

  /** Masks steps whose features all equal {@code maskValue}. */
  public Masking(double maskValue) {
    super(OPTIONS);
    set(MASK_VALUE, maskValue);
  }

  /** The padding value. */
  public double maskValue() {
    return get(MASK_VALUE);
  }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() < 3) {
      throw shapeError(
          "an input of rank >= 3 (batch, time, features)",
          in,
          "Masking marks time steps; " + "use Embedding.maskZero(true) for token ids.");
    }
    return in;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int rank = x.shape().numDimensions();
    int[] featureAxes = new int[rank - 2];
    for (int i = 0; i < featureAxes.length; i++) featureAxes[i] = i + 2;
    Operand<TBool> differs = tf.math.notEqual(x, tf.constant((float) maskValue()));
    Operand<TBool> mask =
        tf.reduceAny(differs, tf.constant(featureAxes), ReduceAny.keepDims(false));
    Operand<TFloat32> keep = tf.dtypes.cast(
        tf.reduceAny(differs, tf.constant(featureAxes), ReduceAny.keepDims(true)), TFloat32.class);
    Operand<TFloat32> out = tf.math.mul(x, keep);
    CallContext.current().recordMask(out, mask);
    return out;
  }

  /** Rebuilds from a Keras config. */
  public static Masking fromConfig(Map<String, Object> c) {
    return new Masking().readConfig(c);
  }
}
