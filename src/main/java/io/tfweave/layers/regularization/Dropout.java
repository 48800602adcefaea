package io.tfweave.layers.regularization;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.RandomOps;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Randomly sets a fraction {@code rate} of inputs to zero during training and scales the rest by 1 / (1 − rate); the identity
 * at inference (not even present in the inference graph).
 *
 * <p>Input shape: any. Output shape: same as input.
 */
public final class Dropout extends BaseLayer<Dropout> {
  private static final Option<Double> RATE =
      Option.number("rate", 0).checked(r -> Checks.rate("rate", r));
  private static final Option<Long> SEED = Option.seed();
  private static final List<Option<?>> OPTIONS = Option.list(RATE, SEED);

  /** Dropout with {@code rate} in [0, 1). */
  public Dropout(double rate) {
    super(OPTIONS);
    set(RATE, rate);
  }

  /** Fixes the op-level seed (default: derived from the model seed). */
  public Dropout seed(long s) {
    return set(SEED, s);
  }

  /** The drop probability. */
  public double rate() {
    return get(RATE);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    double rate = rate();
    if (!mode.training() || rate == 0) return x;
    long s = get(SEED) != null ? get(SEED) : CallContext.current().nextSeed();
    return RandomOps.dropout(tf, x, rate, s);
  }

  /** Rebuilds from a config. */
  public static Dropout fromConfig(Map<String, Object> c) {
    return new Dropout(RATE.read(c)).readConfig(c);
  }
}
