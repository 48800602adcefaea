package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Option;
import java.util.Arrays;
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
public final class RandomContrast extends Augmentation<RandomContrast> {
  private static final Option<double[]> FACTOR =
      pairOf("factor").required().checked(RandomContrast::checkFactor);
  private static final Option<double[]> VALUE_RANGE = pairOf("value_range")
      .withDefault(new double[] {0, 255})
      .checked(RandomContrast::checkValueRange);
  private static final List<Option<?>> OPTIONS = Option.list(FACTOR, VALUE_RANGE);

  /** Contrast factors in [1 − f, 1 + f] (one value) or [1 − lower, 1 + upper] (two values), each in [0, 1]. */
  public RandomContrast(double... factor) {
    super(OPTIONS);
    set(FACTOR, factor);
  }

  /** A pair option read from a number (both values) or a two-element list. */
  private static Option<double[]> pairOf(String key) {
    return Option.of(
        key,
        (double[]) null,
        Augmentation::list,
        raw -> raw instanceof Number n
            ? new double[] {n.doubleValue()}
            : new double[] {
              ((Number) ((List<?>) raw).get(0)).doubleValue(),
              ((Number) ((List<?>) raw).get(1)).doubleValue()
            });
  }

  private static double[] checkFactor(double[] factor) {
    if (factor.length < 1 || factor.length > 2) {
      throw new IllegalArgumentException(
          "factor must be one or two numbers in [0, 1]. Received: factor="
              + Arrays.toString(factor));
    }
    double[] r = factor.length == 1 ? new double[] {factor[0], factor[0]} : factor.clone();
    for (double v : r) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException(
            "factor values must be in [0, 1]. Received: factor=" + Arrays.toString(factor));
      }
    }
    return r;
  }

  private static double[] checkValueRange(double[] r) {
    if (r.length != 2 || !(r[0] < r[1]) || !Double.isFinite(r[0]) || !Double.isFinite(r[1])) {
      throw new IllegalArgumentException(
          "value_range must be finite with low < high. Received: value_range="
              + Arrays.toString(r));
    }
    return r.clone();
  }

  /** The range outputs are clipped to (default 0 to 255). */
  public RandomContrast valueRange(double low, double high) {
    return set(VALUE_RANGE, new double[] {low, high});
  }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    double[] factor = get(FACTOR);
    double[] valueRange = get(VALUE_RANGE);
    Operand<TFloat32> c = tf.reshape(
        ImageGeometry.uniform(
            tf, ImageGeometry.batchShape(tf, x), 1 - factor[0], 1 + factor[1], seedFor(0)),
        tf.constant(new long[] {-1, 1, 1, 1}));
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(new int[] {1, 2}), Mean.keepDims(true));
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(x, mean), c), mean);
    return tf.clipByValue(
        y, tf.constant((float) valueRange[0]), tf.constant((float) valueRange[1]));
  }

  /** Rebuilds from a Keras config. */
  public static RandomContrast fromConfig(Map<String, Object> c) {
    return new RandomContrast(FACTOR.read(c)).readConfig(c);
  }
}
