package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Input;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Scales the contrast of each training image by a random factor (Keras's {@code RandomContrast}); the identity at inference.
 * Per image and channel: {@code y = clip((x − mean) · c + mean)} where {@code mean} is over the pixels and {@code c} is
 * drawn from [1 − lower, 1 + upper]; {@code new RandomContrast(0.2)} gives [0.8, 1.2].
 *
 * <p>Outputs are clipped to {@code valueRange} (default [0, 255], as Keras; use e.g. {@code valueRange(0, 1)} for scaled
 * pixels). Input shape: {@code (batch, height, width, channels)}. Output shape: same as input.
 */
public final class RandomContrast extends Augmentation {
  private final double lower;
  private final double upper;
  private double[] valueRange = {0, 255};

  /** Contrast factors in [1 − f, 1 + f] (one value) or [1 − lower, 1 + upper] (two values), each in [0, 1]. */
  public RandomContrast(double... factor) {
    if (factor == null || factor.length < 1 || factor.length > 2) {
      throw new IllegalArgumentException("factor must be one or two numbers in [0, 1]. Received: factor="
          + java.util.Arrays.toString(factor));
    }
    this.lower = check(factor[0], factor);
    this.upper = check(factor.length == 1 ? factor[0] : factor[1], factor);
  }

  private static double check(double v, double[] all) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("factor values must be in [0, 1]. Received: factor=" + java.util.Arrays.toString(all));
    }
    return v;
  }

  /** The range outputs are clipped to (default 0 to 255). */
  public RandomContrast valueRange(double low, double high) {
    return configure(() -> {
      if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
        throw new IllegalArgumentException("value_range must be finite with low < high. Received: value_range=[" + low + ", "
            + high + "]");
      }
      this.valueRange = new double[] {low, high};
    });
  }

  /** Fixes the op-level seed (default: derived from the model seed). */
  public RandomContrast seed(long s) { return configure(() -> this.seed = s); }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> c = tf.reshape(ImageGeometry.uniform(tf, ImageGeometry.batchShape(tf, x), 1 - lower, 1 + upper,
        seedFor(0)), tf.constant(new long[] {-1, 1, 1, 1}));
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(new int[] {1, 2}), Mean.keepDims(true));
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(x, mean), c), mean);
    return tf.clipByValue(y, tf.constant((float) valueRange[0]), tf.constant((float) valueRange[1]));
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("factor", List.of(lower, upper));
    c.put("value_range", List.of(valueRange[0], valueRange[1]));
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static RandomContrast fromConfig(Map<String, Object> c) {
    Object f = c.get("factor");
    if (f == null) throw new IllegalArgumentException("RandomContrast config is missing 'factor'. Received: " + c);
    RandomContrast l = f instanceof Number n ? new RandomContrast(n.doubleValue())
        : new RandomContrast(((Number) ((List<?>) f).get(0)).doubleValue(), ((Number) ((List<?>) f).get(1)).doubleValue());
    if (c.get("value_range") instanceof List<?> r) {
      l.valueRange(((Number) r.get(0)).doubleValue(), ((Number) r.get(1)).doubleValue());
    }
    return read(l, c);
  }
}
