package io.tfweave.optimizers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's learning-rate schedules: exponential decay, piecewise-constant (step) decay and cosine decay. */
public final class Schedules {
  private Schedules() {}

  /** {@code initial · rate^(step / decaySteps)}, floored exponent when {@code staircase}. */
  public static LearningRateSchedule exponentialDecay(
      double initial, long decaySteps, double rate, boolean staircase) {
    if (decaySteps <= 0)
      throw new IllegalArgumentException(
          "decaySteps must be positive. Received: decaySteps=" + decaySteps);
    return new LearningRateSchedule() {
      public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
        Operand<TFloat32> p = tf.math.div(step, tf.constant((float) decaySteps));
        if (staircase) p = tf.math.floor(p);
        return tf.math.mul(tf.constant((float) initial), tf.math.pow(tf.constant((float) rate), p));
      }

      public double valueAt(long step) {
        double p = (double) step / decaySteps;
        return initial * Math.pow(rate, staircase ? Math.floor(p) : p);
      }

      public String kerasName() {
        return "ExponentialDecay";
      }

      public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", rate);
        c.put("staircase", staircase);
        return c;
      }
    };
  }

  /** {@code values[i]} while {@code step ≤ boundaries[i]} (Keras's PiecewiseConstantDecay; one more value than boundaries). */
  public static LearningRateSchedule piecewiseConstant(long[] boundaries, double[] values) {
    if (values.length != boundaries.length + 1) {
      throw new IllegalArgumentException(
          "values must have one more entry than boundaries. Received: " + boundaries.length
              + " boundaries, " + values.length + " values");
    }
    long[] b = boundaries.clone();
    double[] v = values.clone();
    return new LearningRateSchedule() {
      public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
        Operand<TFloat32> out = tf.constant((float) v[v.length - 1]);
        for (int i = b.length - 1; i >= 0; i--) {
          out = tf.select(
              tf.math.lessEqual(step, tf.constant((float) b[i])), tf.constant((float) v[i]), out);
        }
        return out;
      }

      public double valueAt(long step) {
        for (int i = 0; i < b.length; i++) if (step <= b[i]) return v[i];
        return v[v.length - 1];
      }

      public String kerasName() {
        return "PiecewiseConstantDecay";
      }

      public Map<String, Object> config() {
        return Map.of(
            "boundaries",
            Arrays.stream(b).boxed().toList(),
            "values",
            Arrays.stream(v).boxed().toList());
      }
    };
  }

  /** {@code initial · ((1 − alpha) · 0.5 (1 + cos(π min(step, decaySteps) / decaySteps)) + alpha)}. */
  public static LearningRateSchedule cosineDecay(double initial, long decaySteps, double alpha) {
    if (decaySteps <= 0)
      throw new IllegalArgumentException(
          "decaySteps must be positive. Received: decaySteps=" + decaySteps);
    return new LearningRateSchedule() {
      public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
        Operand<TFloat32> frac =
            tf.math.div(tf.math.minimum(step, tf.constant((float) decaySteps)), tf.constant((float)
                decaySteps));
        Operand<TFloat32> cos = tf.math.mul(
            tf.constant(0.5f),
            tf.math.add(
                tf.constant(1f), tf.math.cos(tf.math.mul(tf.constant((float) Math.PI), frac))));
        Operand<TFloat32> decayed = tf.math.add(
            tf.math.mul(tf.constant((float) (1 - alpha)), cos), tf.constant((float) alpha));
        return tf.math.mul(tf.constant((float) initial), decayed);
      }

      public double valueAt(long step) {
        double frac = Math.min(step, decaySteps) / (double) decaySteps;
        return initial * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * frac)) + alpha);
      }

      public String kerasName() {
        return "CosineDecay";
      }

      public Map<String, Object> config() {
        return Map.of("initial_learning_rate", initial, "decay_steps", decaySteps, "alpha", alpha);
      }
    };
  }
}
