package io.tfweave.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code ExponentialDecay}: {@code initial · rate^(step / decaySteps)}, the exponent floored with {@link
 * #staircase}.
 */
public final class ExponentialDecay implements LearningRateSchedule {
  private final double initial;
  private final long decaySteps;
  private final double rate;
  private boolean staircase;

  ExponentialDecay(double initial, long decaySteps, double rate) {
    this.initial = initial;
    this.decaySteps = Schedules.positiveSteps("decaySteps", decaySteps);
    this.rate = rate;
  }

  /** Decays in whole periods of {@code decaySteps} (default false). */
  public ExponentialDecay staircase(boolean s) {
    this.staircase = s;
    return this;
  }

  @Override
  public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
    Operand<TFloat32> p = tf.math.div(step, tf.constant((float) decaySteps));
    if (staircase) p = tf.math.floor(p);
    return tf.math.mul(tf.constant((float) initial), tf.math.pow(tf.constant((float) rate), p));
  }

  @Override
  public double valueAt(long step) {
    double p = (double) step / decaySteps;
    return initial * Math.pow(rate, staircase ? Math.floor(p) : p);
  }

  @Override
  public String kerasName() {
    return "ExponentialDecay";
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
