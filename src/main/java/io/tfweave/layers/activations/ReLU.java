package io.tfweave.layers.activations;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.graph.CallMode;
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
public final class ReLU extends Layer {
  private Double maxValue;
  private double negativeSlope;
  private double threshold;

  /** A plain ReLU. */
  public ReLU() {}

  /** Caps the output (default: none). */
  public ReLU maxValue(double m) { return configure(() -> this.maxValue = Checks.nonNegative("max_value", m)); }

  /** Slope below the threshold (default 0). */
  public ReLU negativeSlope(double s) { return configure(() -> this.negativeSlope = Checks.nonNegative("negative_slope", s)); }

  /** Inputs below this non-negative value are scaled by the negative slope (default 0). */
  public ReLU threshold(double t) {
    return configure(() -> this.threshold = Checks.nonNegative("threshold", t));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> y;
    if (threshold == 0 && negativeSlope == 0) {
      y = tf.nn.relu(x);
    } else {
      Operand<TFloat32> t = tf.constant((float) threshold);
      Operand<TFloat32> below = negativeSlope == 0 ? tf.zerosLike(x)
          : tf.math.mul(tf.math.sub(x, t), tf.constant((float) negativeSlope));
      y = tf.select(tf.math.greaterEqual(x, t), x, below);
    }
    return maxValue == null ? y : tf.math.minimum(y, tf.constant(maxValue.floatValue()));
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("max_value", maxValue);
    c.put("negative_slope", negativeSlope);
    c.put("threshold", threshold);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static ReLU fromConfig(Map<String, Object> c) {
    ReLU l = new ReLU();
    if (c.get("max_value") instanceof Number n) l.maxValue(n.doubleValue());
    l.negativeSlope(Configs.num(c, "negative_slope", 0));
    l.threshold(Configs.num(c, "threshold", 0));
    return Configs.common(l, c);
  }
}
