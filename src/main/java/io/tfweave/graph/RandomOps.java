package io.tfweave.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The random draws of layers (dropout masks, augmentation parameters). Inside a training step they are stateless ops keyed
 * by the layer's seed and the step's random counter ({@link CallContext#randomStep()}, saved in checkpoints with the
 * optimizer state), so that a run resumed from a checkpoint draws exactly what the uninterrupted run drew at the same step.
 * Inside a data pipeline's {@code map} they are stateless ops keyed by the element's seed ({@link ElementSeed}) plus the
 * layer's seed. Elsewhere they are TensorFlow's stateful ops seeded with the layer's seed.
 */
public final class RandomOps {
  private RandomOps() {}

  /** Uniform values in [0, 1) of {@code shape}, drawn for the op-level {@code seed}. */
  public static Operand<TFloat32> uniform(Ops tf, Operand<TInt32> shape, long seed) {
    Operand<TInt64> element = ElementSeed.current();
    if (element != null) {
      Operand<TInt64> key = tf.math.add(
          element, tf.constant(new long[] {seed & 0x7fffffffL, (seed >>> 31) & 0x7fffffffL}));
      return tf.random.statelessRandomUniform(shape, key, TFloat32.class);
    }
    CallContext ctx = CallContext.currentOrNull();
    Operand<TInt64> step = ctx == null ? null : ctx.randomStep();
    if (step == null) {
      return tf.random.randomUniform(
          shape,
          TFloat32.class,
          RandomUniform.seed(seed & 0x7fffffffL),
          RandomUniform.seed2((seed >>> 31) & 0x7fffffffL));
    }
    Operand<TInt64> key = tf.stack(List.of(tf.constant(seed), step));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, key, TFloat32.class);
    ctx.addRandomDraw(u);
    return u;
  }

  /** Inverted dropout: {@code x} with a fraction {@code rate} set to zero and the rest scaled by 1 / (1 − rate). */
  public static Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, double rate, long seed) {
    return tf.math.mul(x, keepMask(tf, tf.shape(x), rate, seed));
  }

  /** A dropout mask of {@code shape}: 0 with probability {@code rate}, else 1 / (1 − rate). */
  public static Operand<TFloat32> keepMask(Ops tf, Operand<TInt32> shape, double rate, long seed) {
    Operand<TFloat32> u = uniform(tf, shape, seed);
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(keep, tf.constant((float) (1.0 / (1.0 - rate))));
  }
}
