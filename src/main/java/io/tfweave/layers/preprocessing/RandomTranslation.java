package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Input;
import io.tfweave.layers.internal.Configs;
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
public final class RandomTranslation extends Augmentation {
  private double[] heightFactor;
  private double[] widthFactor;
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;

  /** Shifts by up to ±heightFactor · height vertically and ±widthFactor · width horizontally. */
  public RandomTranslation(double heightFactor, double widthFactor) {
    this.heightFactor = check("height_factor", range("height_factor", heightFactor));
    this.widthFactor = check("width_factor", range("width_factor", widthFactor));
  }

  private static double[] check(String name, double[] r) {
    if (r[0] < -1 || r[1] > 1) {
      throw new IllegalArgumentException(name + " values must be in [-1, 1]. Received: " + name + "=" + list(r));
    }
    return r;
  }

  /** An asymmetric vertical range, as fractions of the height (negative: up). */
  public RandomTranslation heightFactor(double lower, double upper) {
    return configure(() -> this.heightFactor = check("height_factor", range("height_factor", lower, upper)));
  }

  /** An asymmetric horizontal range, as fractions of the width (negative: left). */
  public RandomTranslation widthFactor(double lower, double upper) {
    return configure(() -> this.widthFactor = check("width_factor", range("width_factor", lower, upper)));
  }

  /** reflect (default), wrap, constant or nearest. */
  public RandomTranslation fillMode(String m) { return configure(() -> this.fillMode = ImageGeometry.fillMode(m)); }

  /** bilinear (default) or nearest. */
  public RandomTranslation interpolation(String i) {
    return configure(() -> this.interpolation = ImageGeometry.interpolation(i, "bilinear", "nearest"));
  }

  /** The value outside the image for fill mode constant (default 0). */
  public RandomTranslation fillValue(double v) { return configure(() -> this.fillValue = v); }

  /** Fixes the op-level seed (default: derived from the model seed). */
  public RandomTranslation seed(long s) { return configure(() -> this.seed = s); }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    var n = ImageGeometry.batchShape(tf, x);
    double h = x.shape().get(1);
    double w = x.shape().get(2);
    Operand<TFloat32> dy = ImageGeometry.column(tf, ImageGeometry.uniform(tf, n, heightFactor[0] * h, heightFactor[1] * h,
        seedFor(0)));
    Operand<TFloat32> dx = ImageGeometry.column(tf, ImageGeometry.uniform(tf, n, widthFactor[0] * w, widthFactor[1] * w,
        seedFor(1)));
    Operand<TFloat32> one = tf.onesLike(dx);
    Operand<TFloat32> zero = tf.zerosLike(dx);
    return ImageGeometry.transform(tf, x, List.of(one, zero, tf.math.neg(dx), zero, one, tf.math.neg(dy), zero, zero),
        fillMode, interpolation, fillValue);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("height_factor", list(heightFactor));
    c.put("width_factor", list(widthFactor));
    c.put("fill_mode", fillMode);
    c.put("interpolation", interpolation);
    c.put("fill_value", fillValue);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static RandomTranslation fromConfig(Map<String, Object> c) {
    double[] h = range(c, "height_factor", null);
    double[] w = range(c, "width_factor", null);
    if (h == null || w == null) {
      throw new IllegalArgumentException("RandomTranslation config needs 'height_factor' and 'width_factor'. Received: " + c);
    }
    RandomTranslation l = new RandomTranslation(0, 0).heightFactor(h[0], h[1]).widthFactor(w[0], w[1]);
    l.fillMode((String) c.getOrDefault("fill_mode", "reflect"));
    l.interpolation((String) c.getOrDefault("interpolation", "bilinear"));
    l.fillValue = Configs.num(c, "fill_value", 0);
    return read(l, c);
  }
}
