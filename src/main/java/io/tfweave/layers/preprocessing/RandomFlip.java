package io.tfweave.layers.preprocessing;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Flips each training image left-right and/or up-down with probability 1/2 (Keras's {@code RandomFlip}); the identity at
 * inference.
 *
 * <p>Modes: {@code "horizontal"}, {@code "vertical"}, {@code "horizontal_and_vertical"} (default; independent draws).
 * Input shape: {@code (batch, height, width, channels)}. Output shape: same as input.
 */
public final class RandomFlip extends Augmentation {
  /** Keras's default mode. */
  public static final String MODE_DEFAULT = "horizontal_and_vertical";

  private final String mode;

  /** Flips in both directions. */
  public RandomFlip() { this(MODE_DEFAULT); }

  /** Flips in the given mode: horizontal, vertical or horizontal_and_vertical. */
  public RandomFlip(String mode) {
    this.mode = Checks.oneOf("mode", mode == null ? null : mode.toLowerCase(Locale.ROOT), "horizontal", "vertical",
        "horizontal_and_vertical");
  }

  /** Fixes the op-level seed (default: derived from the model seed). */
  public RandomFlip seed(long s) { return configure(() -> this.seed = s); }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> y = x;
    if (!mode.equals("vertical")) y = flip(tf, y, 2, seedFor(0));
    if (!mode.equals("horizontal")) y = flip(tf, y, 1, seedFor(1));
    return y;
  }

  private static Operand<TFloat32> flip(Ops tf, Operand<TFloat32> x, int axis, long seed) {
    Operand<TFloat32> u = ImageGeometry.uniform(tf, ImageGeometry.batchShape(tf, x), 0, 1, seed);
    Operand<TBool> flip = tf.reshape(tf.math.less(u, tf.constant(0.5f)), tf.constant(new long[] {-1, 1, 1, 1}));
    return tf.select(flip, tf.reverse(x, tf.constant(new int[] {axis})), x);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("mode", mode);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static RandomFlip fromConfig(Map<String, Object> c) {
    return read(new RandomFlip((String) c.getOrDefault("mode", MODE_DEFAULT)), c);
  }
}
