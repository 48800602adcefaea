package io.tfweave.layers.preprocessing;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Multiplies inputs by {@code scale} and adds {@code offset} (Keras's {@code Rescaling}); e.g. {@code new Rescaling(1 / 255.0)}
 * maps pixels to [0, 1], {@code new Rescaling(1 / 127.5).offset(-1)} to [−1, 1].
 *
 * <p>Input shape: any. Output shape: same as input. Integer inputs are cast to float32.
 */
public final class Rescaling extends BaseLayer<Rescaling> {
  private static final Option<Double> SCALE =
      Option.number("scale", 1).checked(v -> finite("scale", v));
  private static final Option<Double> OFFSET =
      Option.number("offset", 0).checked(v -> finite("offset", v));
  private static final List<Option<?>> OPTIONS = Option.list(SCALE, OFFSET);

  /** {@code x · scale}. */
  public Rescaling(double scale) {
    super(OPTIONS);
    set(SCALE, scale);
  }

  private static double finite(String name, double v) {
    if (Double.isFinite(v)) return v;
    throw new IllegalArgumentException(
        name + " must be a finite number. Received: " + name + "=" + v);
  }

  /** Added after scaling (default 0). */
  public Rescaling offset(double o) {
    return set(OFFSET, o);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> y = tf.math.mul(x, tf.constant(get(SCALE).floatValue()));
    return get(OFFSET) == 0 ? y : tf.math.add(y, tf.constant(get(OFFSET).floatValue()));
  }

  /** Rebuilds from a Keras config. */
  public static Rescaling fromConfig(Map<String, Object> c) {
    return new Rescaling(SCALE.read(c)).readConfig(c);
  }
}
