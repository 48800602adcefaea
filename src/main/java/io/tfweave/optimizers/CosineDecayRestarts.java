package io.tfweave.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CosineDecayRestarts} (SGDR): cosine decay over periods of {@code firstDecaySteps}, each period {@code
 * tMul} times longer than the one before (default 2) and starting from {@code mMul} times the previous peak (default 1),
 * decaying to {@code alpha} times the peak (default 0).
 */
public final class CosineDecayRestarts implements LearningRateSchedule {
  private final double initial;
  private final long firstDecaySteps;
  private double tMul = 2.0;
  private double mMul = 1.0;
  private double alpha;

  CosineDecayRestarts(double initial, long firstDecaySteps) {
    this.initial = initial;
    this.firstDecaySteps = Schedules.positiveSteps("firstDecaySteps", firstDecaySteps);
  }

  /** How much longer each period is than the one before, positive (default 2). */
  public CosineDecayRestarts tMul(double t) {
    this.tMul = Optimizer.positive("tMul", t);
    return this;
  }

  /** The factor on the peak rate at each restart (default 1). */
  public CosineDecayRestarts mMul(double m) {
    this.mMul = m;
    return this;
  }

  /** The floor as a fraction of the peak (default 0). */
  public CosineDecayRestarts alpha(double a) {
    this.alpha = a;
    return this;
  }

  @Override
  public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
    Operand<TFloat32> frac = tf.math.div(step, tf.constant((float) firstDecaySteps));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> t = tf.constant((float) tMul);
    Operand<TFloat32> restart;
    if (tMul == 1.0) {
      restart = tf.math.floor(frac);
      frac = tf.math.sub(frac, restart);
    } else {
      Operand<TFloat32> oneMinusT = tf.constant((float) (1 - tMul));
      restart = tf.math.floor(
          tf.math.div(tf.math.log(tf.math.sub(one, tf.math.mul(frac, oneMinusT))), tf.math.log(t)));
      Operand<TFloat32> sum = tf.math.div(tf.math.sub(one, tf.math.pow(t, restart)), oneMinusT);
      frac = tf.math.div(tf.math.sub(frac, sum), tf.math.pow(t, restart));
    }
    Operand<TFloat32> mFac = tf.math.pow(tf.constant((float) mMul), restart);
    Operand<TFloat32> cos = tf.math.mul(
        tf.math.mul(tf.constant(0.5f), mFac),
        tf.math.add(one, tf.math.cos(tf.math.mul(tf.constant((float) Math.PI), frac))));
    Operand<TFloat32> decayed =
        tf.math.add(tf.math.mul(tf.constant((float) (1 - alpha)), cos), tf.constant((float) alpha));
    return tf.math.mul(tf.constant((float) initial), decayed);
  }

  @Override
  public double valueAt(long step) {
    double frac = (double) step / firstDecaySteps;
    double restart;
    if (tMul == 1.0) {
      restart = Math.floor(frac);
      frac -= restart;
    } else {
      restart = Math.floor(Math.log(1 - frac * (1 - tMul)) / Math.log(tMul));
      double sum = (1 - Math.pow(tMul, restart)) / (1 - tMul);
      frac = (frac - sum) / Math.pow(tMul, restart);
    }
    double cos = 0.5 * Math.pow(mMul, restart) * (1 + Math.cos(Math.PI * frac));
    return initial * ((1 - alpha) * cos + alpha);
  }

  @Override
  public String kerasName() {
    return "CosineDecayRestarts";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initial);
    c.put("first_decay_steps", firstDecaySteps);
    c.put("t_mul", tMul);
    c.put("m_mul", mMul);
    c.put("alpha", alpha);
    c.put("name", "SGDRDecay");
    return c;
  }
}
