package io.tfweave.layers.regularization;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * Randomly sets a fraction {@code rate} of inputs to zero during training and scales the rest by 1 / (1 − rate); the identity
 * at inference (not even present in the inference graph).
 *
 * <p>Input shape: any. Output shape: same as input.
 */
public final class Dropout extends Layer {
  private final double rate;
  private Long seed;

  /** Dropout with {@code rate} in [0, 1). */
  public Dropout(double rate) { this.rate = Checks.rate("rate", rate); }

  /** Fixes the op-level seed (default: derived from the model seed). */
  public Dropout seed(long s) { return configure(() -> this.seed = s); }

  /** The drop probability. */
  public double rate() { return rate; }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    if (!mode.training() || rate == 0) return x;
    long s = seed != null ? seed : CallContext.current().nextSeed();
    Operand<TFloat32> u = tf.random.randomUniform(tf.shape(x), TFloat32.class,
        RandomUniform.seed(s & 0x7fffffffL), RandomUniform.seed2((s >>> 31) & 0x7fffffffL));
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant((float) (1.0 / (1.0 - rate)))));
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("rate", rate);
    c.put("seed", seed);
    return c;
  }

  /** Rebuilds from a config. */
  public static Dropout fromConfig(Map<String, Object> c) {
    Dropout d = new Dropout(Configs.num(c, "rate", 0));
    if (c.get("seed") instanceof Number n) d.seed = n.longValue();
    return Configs.common(d, c);
  }
}
