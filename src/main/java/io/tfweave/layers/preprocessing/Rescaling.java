package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.graph.CallMode;
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
public final class Rescaling extends Layer {
  private final double scale;
  private double offset;

  /** {@code x · scale}. */
  public Rescaling(double scale) {
    if (!Double.isFinite(scale)) throw new IllegalArgumentException("scale must be a finite number. Received: scale=" + scale);
    this.scale = scale;
  }

  /** Added after scaling (default 0). */
  public Rescaling offset(double o) {
    return configure(() -> {
      if (!Double.isFinite(o)) throw new IllegalArgumentException("offset must be a finite number. Received: offset=" + o);
      this.offset = o;
    });
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> y = tf.math.mul(x, tf.constant((float) scale));
    return offset == 0 ? y : tf.math.add(y, tf.constant((float) offset));
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("scale", scale);
    c.put("offset", offset);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static Rescaling fromConfig(Map<String, Object> c) {
    Rescaling l = new Rescaling(Configs.num(c, "scale", 1));
    l.offset(Configs.num(c, "offset", 0));
    return Configs.common(l, c);
  }
}
