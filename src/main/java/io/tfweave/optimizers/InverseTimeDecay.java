package io.tfweave.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code InverseTimeDecay}: {@code initial / (1 + rate · step / decaySteps)}, the quotient floored with {@link
 * #staircase}.
 */
public final class InverseTimeDecay implements LearningRateSchedule {
  private final double initial;
  private final long decaySteps;
  private final double rate;
  private boolean staircase;

  InverseTimeDecay(double initial, long decaySteps, double rate) {
    this.initial = initial;
    this.decaySteps = Schedules.positiveSteps("decaySteps", decaySteps);
    this.rate = rate;
  }

  /** Decays in whole periods of {@code decaySteps} (default false). */
  public InverseTimeDecay staircase(boolean s) {
    this.staircase = s;
    return this;
  }

  @Override
  public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
    Operand<TFloat32> p = tf.math.div(step, tf.constant((float) decaySteps));
    if (staircase) p = tf.math.floor(p);
    Operand<TFloat32> denom =
        tf.math.add(tf.constant(1f), tf.math.mul(tf.constant((float) rate), p));
    return tf.math.div(tf.constant((float) initial), denom);
  }

  @Override
  public double valueAt(long step) {
    double p = (double) step / decaySteps;
    if (staircase) p = Math.floor(p);
    return initial / (1 + rate * p);
  }

  @Override
  public String kerasName() {
    return "InverseTimeDecay";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initial);
    c.put("decay_steps", decaySteps);
    c.put("decay_rate", rate);
    c.put("staircase", staircase);
    c.put("name", kerasName());
    return c;
  }
}
