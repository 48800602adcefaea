package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Zooms each training image in or out about its centre by a random factor (Keras's {@code RandomZoom}); the identity at
 * inference. Factors are fractions: a positive value zooms out, a negative one zooms in; {@code new RandomZoom(0.2)} scales
 * by a factor in [0.8, 1.2]. Without a width factor the aspect ratio is kept.
 *
 * <p>Fill modes and interpolation as in {@link RandomRotation}. Input shape: {@code (batch, height, width, channels)}.
 * Output shape: same as input.
 */
public final class RandomZoom extends GeometricAugmentation<RandomZoom> {
  private static final Option<double[]> HEIGHT_FACTOR =
      rangeOption("height_factor").required().checked(r -> check("height_factor", r));
  private static final Option<double[]> WIDTH_FACTOR =
      rangeOption("width_factor").nullable().checked(r -> check("width_factor", r));
  private static final List<Option<?>> OPTIONS = Option.list(HEIGHT_FACTOR, WIDTH_FACTOR);

  /** Zoom with a height factor in [−f, f] (one value) or [lower, upper] (two values), each above −1. */
  public RandomZoom(double... heightFactor) {
    super(OPTIONS);
    set(HEIGHT_FACTOR, heightFactor);
  }

  private static double[] check(String name, double[] r) {
    if (r[0] <= -1 || r[1] > 1) {
      throw new IllegalArgumentException(
          name + " values must be in (-1, 1]. Received: " + name + "=" + list(r));
    }
    return r;
  }

  /** An independent width factor (default: none, the height zoom is used for the width too). */
  public RandomZoom widthFactor(double... f) {
    return set(WIDTH_FACTOR, f);
  }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    var n = ImageGeometry.batchShape(tf, x);
    double[] heightFactor = get(HEIGHT_FACTOR);
    double[] widthFactor = get(WIDTH_FACTOR);
    Operand<TFloat32> zy = ImageGeometry.column(
        tf, ImageGeometry.uniform(tf, n, 1 + heightFactor[0], 1 + heightFactor[1], seedFor(0)));
    Operand<TFloat32> zx = widthFactor == null
        ? zy
        : ImageGeometry.column(
            tf, ImageGeometry.uniform(tf, n, 1 + widthFactor[0], 1 + widthFactor[1], seedFor(1)));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> xOff =
        tf.math.mul(tf.math.sub(one, zx), tf.constant((float) ((x.shape().get(2) - 1) / 2.0)));
    Operand<TFloat32> yOff =
        tf.math.mul(tf.math.sub(one, zy), tf.constant((float) ((x.shape().get(1) - 1) / 2.0)));
    Operand<TFloat32> zero = tf.zerosLike(zy);
    return transform(tf, x, List.of(zx, zero, xOff, zero, zy, yOff, zero, zero));
  }

  /** Rebuilds from a Keras config. */
  public static RandomZoom fromConfig(Map<String, Object> c) {
    return new RandomZoom(HEIGHT_FACTOR.read(c)).readConfig(c);
  }
}
