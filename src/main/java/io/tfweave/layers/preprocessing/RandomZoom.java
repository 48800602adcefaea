package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Input;
import io.tfweave.layers.internal.Configs;
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
public final class RandomZoom extends Augmentation {
  private final double[] heightFactor;
  private double[] widthFactor;
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;

  /** Zoom with a height factor in [−f, f] (one value) or [lower, upper] (two values), each above −1. */
  public RandomZoom(double... heightFactor) { this.heightFactor = check("height_factor", range("height_factor", heightFactor)); }

  private static double[] check(String name, double[] r) {
    if (r[0] <= -1 || r[1] > 1) {
      throw new IllegalArgumentException(name + " values must be in (-1, 1]. Received: " + name + "=" + list(r));
    }
    return r;
  }

  /** An independent width factor (default: none, the height zoom is used for the width too). */
  public RandomZoom widthFactor(double... f) {
    return configure(() -> this.widthFactor = check("width_factor", range("width_factor", f)));
  }

  /** reflect (default), wrap, constant or nearest. */
  public RandomZoom fillMode(String m) { return configure(() -> this.fillMode = ImageGeometry.fillMode(m)); }

  /** bilinear (default) or nearest. */
  public RandomZoom interpolation(String i) {
    return configure(() -> this.interpolation = ImageGeometry.interpolation(i, "bilinear", "nearest"));
  }

  /** The value outside the image for fill mode constant (default 0). */
  public RandomZoom fillValue(double v) { return configure(() -> this.fillValue = v); }

  /** Fixes the op-level seed (default: derived from the model seed). */
  public RandomZoom seed(long s) { return configure(() -> this.seed = s); }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    var n = ImageGeometry.batchShape(tf, x);
    Operand<TFloat32> zy = ImageGeometry.column(tf, ImageGeometry.uniform(tf, n, 1 + heightFactor[0], 1 + heightFactor[1],
        seedFor(0)));
    Operand<TFloat32> zx = widthFactor == null ? zy
        : ImageGeometry.column(tf, ImageGeometry.uniform(tf, n, 1 + widthFactor[0], 1 + widthFactor[1], seedFor(1)));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> xOff = tf.math.mul(tf.math.sub(one, zx), tf.constant((float) ((x.shape().get(2) - 1) / 2.0)));
    Operand<TFloat32> yOff = tf.math.mul(tf.math.sub(one, zy), tf.constant((float) ((x.shape().get(1) - 1) / 2.0)));
    Operand<TFloat32> zero = tf.zerosLike(zy);
    return ImageGeometry.transform(tf, x, List.of(zx, zero, xOff, zero, zy, yOff, zero, zero), fillMode, interpolation,
        fillValue);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("height_factor", list(heightFactor));
    c.put("width_factor", widthFactor == null ? null : list(widthFactor));
    c.put("fill_mode", fillMode);
    c.put("interpolation", interpolation);
    c.put("fill_value", fillValue);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static RandomZoom fromConfig(Map<String, Object> c) {
    double[] h = range(c, "height_factor", null);
    if (h == null) throw new IllegalArgumentException("RandomZoom config is missing 'height_factor'. Received: " + c);
    RandomZoom l = new RandomZoom(h[0], h[1]);
    double[] w = range(c, "width_factor", null);
    if (w != null) l.widthFactor(w[0], w[1]);
    l.fillMode((String) c.getOrDefault("fill_mode", "reflect"));
    l.interpolation((String) c.getOrDefault("interpolation", "bilinear"));
    l.fillValue = Configs.num(c, "fill_value", 0);
    return read(l, c);
  }
}
