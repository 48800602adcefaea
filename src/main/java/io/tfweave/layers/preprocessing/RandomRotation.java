package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Rotates each training image by a random angle about its centre (Keras's {@code RandomRotation}); the identity at
 * inference. The factor is a fraction of a full turn: {@code new RandomRotation(0.1)} rotates by up to ±36°,
 * {@code RandomRotation.degrees(15)} by up to ±15°, {@code new RandomRotation(-0.1, 0.2)} within [−36°, 72°].
 *
 * <p>Pixels that come from outside the image are filled by {@code fillMode}: {@link FillMode#REFLECT} (default),
 * {@code WRAP}, {@code CONSTANT} ({@code fillValue}, default 0) or {@code NEAREST}. Interpolation is {@code BILINEAR}
 * (default) or {@code NEAREST}. Input shape: {@code (batch, height, width, channels)}. Output shape: same as input.
 */
public final class RandomRotation extends GeometricAugmentation<RandomRotation> {
  private static final Option<double[]> FACTOR = rangeOption("factor").required();
  private static final List<Option<?>> OPTIONS = Option.list(FACTOR);

  /** Rotation by a fraction of 2π in [−f, f] (one value) or [lower, upper] (two values). */
  public RandomRotation(double... factor) {
    super(OPTIONS);
    set(FACTOR, factor);
  }

  /** Rotation by up to ±{@code maxDegrees}. */
  public static RandomRotation degrees(double maxDegrees) {
    return new RandomRotation(maxDegrees / 360.0);
  }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    double h = x.shape().get(1);
    double w = x.shape().get(2);
    Operand<TFloat32> angle = ImageGeometry.uniform(
        tf,
        ImageGeometry.batchShape(tf, x),
        get(FACTOR)[0] * 2 * Math.PI,
        get(FACTOR)[1] * 2 * Math.PI,
        seedFor(0));
    Operand<TFloat32> cos = ImageGeometry.column(tf, tf.math.cos(angle));
    Operand<TFloat32> sin = ImageGeometry.column(tf, tf.math.sin(angle));
    Operand<TFloat32> hm1 = tf.constant((float) (h - 1));
    Operand<TFloat32> wm1 = tf.constant((float) (w - 1));
    Operand<TFloat32> half = tf.constant(0.5f);
    // x_off = ((w-1) - (cos·(w-1) − sin·(h-1))) / 2, y_off = ((h-1) − (sin·(w-1) + cos·(h-1))) / 2
    // (Keras's rotation matrix)
    Operand<TFloat32> xOff = tf.math.mul(
        tf.math.sub(wm1, tf.math.sub(tf.math.mul(cos, wm1), tf.math.mul(sin, hm1))), half);
    Operand<TFloat32> yOff = tf.math.mul(
        tf.math.sub(hm1, tf.math.add(tf.math.mul(sin, wm1), tf.math.mul(cos, hm1))), half);
    Operand<TFloat32> zero = tf.zerosLike(cos);
    return transform(tf, x, List.of(cos, tf.math.neg(sin), xOff, sin, cos, yOff, zero, zero));
  }

  /** Rebuilds from a Keras config. */
  public static RandomRotation fromConfig(Map<String, Object> c) {
    return new RandomRotation(FACTOR.read(c)).readConfig(c);
  }
}
