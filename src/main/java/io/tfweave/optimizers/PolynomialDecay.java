package io.tfweave.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code PolynomialDecay}: {@code (initial − end)·(1 − s/d)^power + end} with {@code s = min(step, d)}; with
 * {@link #cycle} the period {@code d} grows to the next multiple of {@code decaySteps} past {@code step} instead.
 * Defaults: {@code end_learning_rate} 0.0001, {@code power} 1, {@code cycle} false.
 */
public final class PolynomialDecay implements LearningRateSchedule {
  private final double initial;
  private final long decaySteps;
  private double end = 0.0001;
  private double power = 1.0;
  private boolean cycle;

  PolynomialDecay(double initial, long decaySteps) {
    this.initial = initial;
    this.decaySteps = Schedules.positiveSteps("decaySteps", decaySteps);
  }

  /** The final rate (default 0.0001). */
  public PolynomialDecay endLearningRate(double e) {
    this.end = e;
    return this;
  }

  /** The polynomial's power (default 1, linear). */
  public PolynomialDecay power(double p) {
    this.power = p;
    return this;
  }

  /** Restarts the decay after {@code decaySteps} with a longer period (default false). */
  public PolynomialDecay cycle(boolean c) {
    this.cycle = c;
    return this;
  }

  @Override
  public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
    Operand<TFloat32> d = tf.constant((float) decaySteps);
    Operand<TFloat32> s = step;
    if (cycle) {
      Operand<TFloat32> mult = tf.select(
          tf.math.equal(step, tf.constant(0f)),
          tf.constant(1f),
          tf.math.ceil(tf.math.div(step, d)));
      d = tf.math.mul(d, mult);
    } else {
      s = tf.math.minimum(step, d);
    }
    Operand<TFloat32> left = tf.math.sub(tf.constant(1f), tf.math.div(s, d));
    return tf.math.add(
        tf.math.mul(
            tf.constant((float) (initial - end)), tf.math.pow(left, tf.constant((float) power))),
        tf.constant((float) end));
  }

  @Override
  public double valueAt(long step) {
    double d = decaySteps;
    double s = step;
    if (cycle) d *= step == 0 ? 1 : Math.ceil(s / decaySteps);
    else s = Math.min(s, d);
    return (initial - end) * Math.pow(1 - s / d, power) + end;
  }

  @Override
  public String kerasName() {
    return "PolynomialDecay";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initial);
    c.put("decay_steps", decaySteps);
    c.put("end_learning_rate", end);
    c.put("power", power);
    c.put("cycle", cycle);
    c.put("name", kerasName());
    return c;
  }
}
