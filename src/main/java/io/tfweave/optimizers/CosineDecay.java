package io.tfweave.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CosineDecay}, with its linear warm-up: without a warm-up, {@code initial · ((1 − alpha) · ½(1 +
 * cos(π·min(step, d)/d)) + alpha)}; with {@link #warmup(double, long)}, the rate rises linearly from {@code initial} to
 * {@code warmupTarget} over {@code warmupSteps}, then decays from {@code warmupTarget} the same way over {@code d =
 * decaySteps} further steps.
 */
public final class CosineDecay implements LearningRateSchedule {
  private final double initial;
  private final long decaySteps;
  private final double alpha;
  private Double warmupTarget;
  private long warmupSteps;

  CosineDecay(double initial, long decaySteps, double alpha) {
    this.initial = initial;
    this.decaySteps = Schedules.positiveSteps("decaySteps", decaySteps);
    this.alpha = alpha;
  }

  /** A linear warm-up from the initial rate to {@code target} over {@code steps} (Keras's {@code warmup_target}, {@code warmup_steps}). */
  public CosineDecay warmup(double target, long steps) {
    if (steps < 0)
      throw new IllegalArgumentException(
          "warmupSteps must be >= 0. Received: warmupSteps=" + steps);
    this.warmupTarget = target;
    this.warmupSteps = steps;
    return this;
  }

  private static Operand<TFloat32> decay(
      Ops tf, Operand<TFloat32> s, float d, float from, float alpha) {
    Operand<TFloat32> frac = tf.math.div(s, tf.constant(d));
    Operand<TFloat32> cos = tf.math.mul(
        tf.constant(0.5f),
        tf.math.add(tf.constant(1f), tf.math.cos(tf.math.mul(tf.constant((float) Math.PI), frac))));
    Operand<TFloat32> decayed =
        tf.math.add(tf.math.mul(tf.constant(1 - alpha), cos), tf.constant(alpha));
    return tf.math.mul(tf.constant(from), decayed);
  }

  @Override
  public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
    if (warmupTarget == null) {
      Operand<TFloat32> s = tf.math.minimum(step, tf.constant((float) decaySteps));
      return decay(tf, s, decaySteps, (float) initial, (float) alpha);
    }
    Operand<TFloat32> s = tf.math.minimum(step, tf.constant((float) (decaySteps + warmupSteps)));
    Operand<TFloat32> w = tf.constant((float) warmupSteps);
    Operand<TFloat32> warm = tf.math.add(
        tf.math.mul(tf.constant((float) (warmupTarget - initial)), tf.math.div(s, w)),
        tf.constant((float) initial));
    Operand<TFloat32> decayed =
        decay(tf, tf.math.sub(s, w), decaySteps, warmupTarget.floatValue(), (float) alpha);
    return tf.select(tf.math.less(s, w), warm, decayed);
  }

  private double decayAt(double s, double from) {
    return from * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * s / decaySteps)) + alpha);
  }

  @Override
  public double valueAt(long step) {
    if (warmupTarget == null) return decayAt(Math.min(step, decaySteps), initial);
    double s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) return (warmupTarget - initial) * (s / warmupSteps) + initial;
    return decayAt(s - warmupSteps, warmupTarget);
  }

  @Override
  public String kerasName() {
    return "CosineDecay";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initial);
    c.put("decay_steps", decaySteps);
    c.put("alpha", alpha);
    c.put("name", kerasName());
    c.put("warmup_target", warmupTarget);
    c.put("warmup_steps", warmupSteps);
    return c;
  }
}
