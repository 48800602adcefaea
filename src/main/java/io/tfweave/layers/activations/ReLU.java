package io.tfweave.layers.activations;

import io.tfweave.graph.CallMode;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The rectified linear unit as a layer, with Keras's options (Keras's {@code ReLU}):
 * {@code f(x) = maxValue} for {@code x >= maxValue}, {@code x} for {@code threshold <= x < maxValue}, and
 * {@code negativeSlope · (x − threshold)} otherwise.
 *
 * <p>Defaults: no maximum, slope 0, threshold 0 (plain ReLU); {@code maxValue(6)} gives ReLU6.
 * Input shape: any. Output shape: same as input.
 */
public final class ReLU extends BaseLayer<ReLU> {
  private static final Option<Double> MAX_VALUE = nonNegative("max_value", null).nullable();
  private static final Option<Double> NEGATIVE_SLOPE = nonNegative("negative_slope", 0.0);
  private static final Option<Double> THRESHOLD = nonNegative("threshold", 0.0);
  private static final List<Option<?>> OPTIONS = Option.list(MAX_VALUE, NEGATIVE_SLOPE, THRESHOLD);

  /** A plain ReLU. */
  public ReLU() {
    super(OPTIONS);
  }

  private static Option<Double> nonNegative(String key, Double defaultValue) {
    return Option.number(key, 0).withDefault(defaultValue).checked(v -> Checks.nonNegative(key, v));
  }

  /** Caps the output (default: none). */
  public ReLU maxValue(double m) {
    return set(MAX_VALUE, m);
  }

  /** Slope below the threshold (default 0). */
  public ReLU negativeSlope(double s) {
    return set(NEGATIVE_SLOPE, s);
  }

  /** Inputs below this non-negative value are scaled by the negative slope (default 0). */
  public ReLU threshold(double t) {
    return set(THRESHOLD, t);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Double maxValue = get(MAX_VALUE);
    double negativeSlope = get(NEGATIVE_SLOPE);
    double threshold = get(THRESHOLD);
    Operand<TFloat32> y;
    if (threshold == 0 && negativeSlope == 0) {
      y = tf.nn.relu(x);
    } else {
      Operand<TFloat32> t = tf.constant((float) threshold);
      Operand<TFloat32> below = negativeSlope == 0
          ? tf.zerosLike(x)
          : tf.math.mul(tf.math.sub(x, t), tf.constant((float) negativeSlope));
      y = tf.select(tf.math.greaterEqual(x, t), x, below);
    }
    return maxValue == null ? y : tf.math.minimum(y, tf.constant(maxValue.floatValue()));
  }

  /** Rebuilds from a Keras config. */
  public static ReLU fromConfig(Map<String, Object> c) {
    return new ReLU().readConfig(c);
  }
}
