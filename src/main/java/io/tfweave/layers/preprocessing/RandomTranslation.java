package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Shifts each training image by a random offset (Keras's {@code RandomTranslation}); the identity at inference. Factors are
 * fractions of the height and width: {@code new RandomTranslation(0.1, 0.2)} shifts by up to ±10% of the height and ±20%
 * of the width; {@code heightFactor(lower, upper)} and {@code widthFactor(lower, upper)} give asymmetric ranges.
 *
 * <p>Fill modes and interpolation as in {@link RandomRotation}. Input shape: {@code (batch, height, width, channels)}.
 * Output shape: same as input.
 */
public final class RandomTranslation extends GeometricAugmentation<RandomTranslation> {
  private static final Option<double[]> HEIGHT_FACTOR =
      rangeOption("height_factor").required().checked(r -> check("height_factor", r));
  private static final Option<double[]> WIDTH_FACTOR =
      rangeOption("width_factor").required().checked(r -> check("width_factor", r));
  private static final List<Option<?>> OPTIONS = Option.list(HEIGHT_FACTOR, WIDTH_FACTOR);

  /** Shifts by up to ±heightFactor · height vertically and ±widthFactor · width horizontally. */
  public RandomTranslation(double heightFactor, double widthFactor) {
    super(OPTIONS);
    set(HEIGHT_FACTOR, new double[] {heightFactor});
    set(WIDTH_FACTOR, new double[] {widthFactor});
  }

  private static double[] check(String name, double[] r) {
    if (r[0] < -1 || r[1] > 1) {
      throw new IllegalArgumentException(
          name + " values must be in [-1, 1]. Received: " + name + "=" + list(r));
    }
    return r;
  }

  /** An asymmetric vertical range, as fractions of the height (negative: up). */
  public RandomTranslation heightFactor(double lower, double upper) {
    return set(HEIGHT_FACTOR, new double[] {lower, upper});
  }

  /** An asymmetric horizontal range, as fractions of the width (negative: left). */
  public RandomTranslation widthFactor(double lower, double upper) {
    return set(WIDTH_FACTOR, new double[] {lower, upper});
  }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    var n = ImageGeometry.batchShape(tf, x);
    double h = x.shape().get(1);
    double w = x.shape().get(2);
    double[] heightFactor = get(HEIGHT_FACTOR);
    double[] widthFactor = get(WIDTH_FACTOR);
    Operand<TFloat32> dy = ImageGeometry.column(
        tf, ImageGeometry.uniform(tf, n, heightFactor[0] * h, heightFactor[1] * h, seedFor(0)));
    Operand<TFloat32> dx = ImageGeometry.column(
        tf, ImageGeometry.uniform(tf, n, widthFactor[0] * w, widthFactor[1] * w, seedFor(1)));
    Operand<TFloat32> one = tf.onesLike(dx);
    Operand<TFloat32> zero = tf.zerosLike(dx);
    return transform(
        tf, x, List.of(one, zero, tf.math.neg(dx), zero, one, tf.math.neg(dy), zero, zero));
  }

  /** Rebuilds from a Keras config. */
  public static RandomTranslation fromConfig(Map<String, Object> c) {
    return new RandomTranslation(0, 0).readConfig(c);
  }
}
