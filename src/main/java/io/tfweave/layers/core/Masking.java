package io.tfweave.layers.core;

import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
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
public final class Masking extends Layer {
  /** Keras's default mask value. */
  public static final double MASK_VALUE_DEFAULT = 0.0;
  private final double maskValue;

  /** Masks steps whose features all equal {@link #MASK_VALUE_DEFAULT}. */
  public Masking() { this(MASK_VALUE_DEFAULT); }

  /** Masks steps whose features all equal {@code maskValue}. */
  public Masking(double maskValue) {
    if (Double.isNaN(maskValue)) throw new IllegalArgumentException("maskValue must be a number. Received: maskValue=NaN");
    this.maskValue = maskValue;
  }

  /** The padding value. */
  public double maskValue() { return maskValue; }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() < 3) {
      throw shapeError("an input of rank >= 3 (batch, time, features)", in, "Masking marks time steps; "
          + "use Embedding.maskZero(true) for token ids.");
    }
    return in;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int rank = x.shape().numDimensions();
    int[] featureAxes = new int[rank - 2];
    for (int i = 0; i < featureAxes.length; i++) featureAxes[i] = i + 2;
    Operand<TBool> differs = tf.math.notEqual(x, tf.constant((float) maskValue));
    Operand<TBool> mask = tf.reduceAny(differs, tf.constant(featureAxes), ReduceAny.keepDims(false));
    Operand<TFloat32> keep = tf.dtypes.cast(tf.reduceAny(differs, tf.constant(featureAxes), ReduceAny.keepDims(true)),
        TFloat32.class);
    Operand<TFloat32> out = tf.math.mul(x, keep);
    CallContext.current().recordMask(out, mask);
    return out;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("mask_value", maskValue);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static Masking fromConfig(Map<String, Object> c) {
    return Configs.common(new Masking(Configs.num(c, "mask_value", MASK_VALUE_DEFAULT)), c);
  }
}
