package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Flips each training image left-right and/or up-down with probability 1/2 (Keras's {@code RandomFlip}); the identity at
 * inference.
 *
 * <p>Modes: {@link FlipMode#HORIZONTAL}, {@code VERTICAL}, {@code HORIZONTAL_AND_VERTICAL} (default; independent draws).
 * Input shape: {@code (batch, height, width, channels)}. Output shape: same as input.
 */
public final class RandomFlip extends Augmentation<RandomFlip> {
  /** Keras's default mode. */
  public static final FlipMode MODE_DEFAULT = FlipMode.HORIZONTAL_AND_VERTICAL;

  private static final Option<FlipMode> MODE = Option.mode("mode", FlipMode.class, MODE_DEFAULT);
  private static final List<Option<?>> OPTIONS = Option.list(MODE);

  /** Flips in both directions. */
  public RandomFlip() {
    this(MODE_DEFAULT);
  }

  /** Flips in the given mode. */
  public RandomFlip(FlipMode mode) {
    super(OPTIONS);
    set(MODE, mode);
  }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> y = x;
    FlipMode mode = get(MODE);
    if (mode != FlipMode.VERTICAL) y = flip(tf, y, 2, seedFor(0));
    if (mode != FlipMode.HORIZONTAL) y = flip(tf, y, 1, seedFor(1));
    return y;
  }

  private static Operand<TFloat32> flip(Ops tf, Operand<TFloat32> x, int axis, long seed) {
    Operand<TFloat32> u = ImageGeometry.uniform(tf, ImageGeometry.batchShape(tf, x), 0, 1, seed);
    Operand<TBool> flip =
        tf.reshape(tf.math.less(u, tf.constant(0.5f)), tf.constant(new long[] {-1, 1, 1, 1}));
    return tf.select(flip, tf.reverse(x, tf.constant(new int[] {axis})), x);
  }

  /** Rebuilds from a Keras config. */
  public static RandomFlip fromConfig(Map<String, Object> c) {
    return new RandomFlip().readConfig(c);
  }
}
