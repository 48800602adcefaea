package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Input;
import io.tfweave.layers.internal.Configs;
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
 * <p>Pixels that come from outside the image are filled by {@code fillMode}: {@code "reflect"} (default), {@code "wrap"},
 * {@code "constant"} ({@code fillValue}, default 0) or {@code "nearest"}. Interpolation is {@code "bilinear"} (default) or
 * {@code "nearest"}. Input shape: {@code (batch, height, width, channels)}. Output shape: same as input.
 */
public final class RandomRotation extends Augmentation {
  private final double[] factor;
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;

  /** Rotation by a fraction of 2π in [−f, f] (one value) or [lower, upper] (two values). */
  public RandomRotation(double... factor) { this.factor = range("factor", factor); }

  /** Rotation by up to ±{@code maxDegrees}. */
  public static RandomRotation degrees(double maxDegrees) { return new RandomRotation(maxDegrees / 360.0); }

  /** reflect (default), wrap, constant or nearest. */
  public RandomRotation fillMode(String m) { return configure(() -> this.fillMode = ImageGeometry.fillMode(m)); }

  /** bilinear (default) or nearest. */
  public RandomRotation interpolation(String i) {
    return configure(() -> this.interpolation = ImageGeometry.interpolation(i, "bilinear", "nearest"));
  }

  /** The value outside the image for fill mode constant (default 0). */
  public RandomRotation fillValue(double v) { return configure(() -> this.fillValue = v); }

  /** Fixes the op-level seed (default: derived from the model seed). */
  public RandomRotation seed(long s) { return configure(() -> this.seed = s); }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    double h = x.shape().get(1);
    double w = x.shape().get(2);
    Operand<TFloat32> angle = ImageGeometry.uniform(tf, ImageGeometry.batchShape(tf, x), factor[0] * 2 * Math.PI,
        factor[1] * 2 * Math.PI, seedFor(0));
    Operand<TFloat32> cos = ImageGeometry.column(tf, tf.math.cos(angle));
    Operand<TFloat32> sin = ImageGeometry.column(tf, tf.math.sin(angle));
    Operand<TFloat32> hm1 = tf.constant((float) (h - 1));
    Operand<TFloat32> wm1 = tf.constant((float) (w - 1));
    Operand<TFloat32> half = tf.constant(0.5f);
    // x_off = ((w-1) - (cos·(w-1) − sin·(h-1))) / 2, y_off = ((h-1) − (sin·(w-1) + cos·(h-1))) / 2 (Keras's rotation matrix)
    Operand<TFloat32> xOff = tf.math.mul(tf.math.sub(wm1, tf.math.sub(tf.math.mul(cos, wm1), tf.math.mul(sin, hm1))), half);
    Operand<TFloat32> yOff = tf.math.mul(tf.math.sub(hm1, tf.math.add(tf.math.mul(sin, wm1), tf.math.mul(cos, hm1))), half);
    Operand<TFloat32> zero = tf.zerosLike(cos);
    return ImageGeometry.transform(tf, x, List.of(cos, tf.math.neg(sin), xOff, sin, cos, yOff, zero, zero), fillMode,
        interpolation, fillValue);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("factor", list(factor));
    c.put("fill_mode", fillMode);
    c.put("interpolation", interpolation);
    c.put("fill_value", fillValue);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static RandomRotation fromConfig(Map<String, Object> c) {
    double[] f = range(c, "factor", null);
    if (f == null) throw new IllegalArgumentException("RandomRotation config is missing 'factor'. Received: " + c);
    RandomRotation l = new RandomRotation(f[0], f[1]);
    l.fillMode((String) c.getOrDefault("fill_mode", "reflect"));
    l.interpolation((String) c.getOrDefault("interpolation", "bilinear"));
    l.fillValue = Configs.num(c, "fill_value", 0);
    return read(l, c);
  }
}
