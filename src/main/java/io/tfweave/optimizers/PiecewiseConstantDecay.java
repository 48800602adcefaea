package io.tfweave.optimizers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code PiecewiseConstantDecay}: {@code values[i]} while {@code step ≤ boundaries[i]}, then the last value. */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
  private final long[] b;
  private final double[] v;

  PiecewiseConstantDecay(long[] boundaries, double[] values) {
    if (values.length != boundaries.length + 1) {
      throw new IllegalArgumentException(
          "values must have one more entry than boundaries. Received: " + boundaries.length
              + " boundaries, " + values.length + " values");
    }
    this.b = boundaries.clone();
    this.v = values.clone();
  }

  @Override
  public Operand<TFloat32> value(Ops tf, Operand<TFloat32> step) {
    Operand<TFloat32> out = tf.constant((float) v[v.length - 1]);
    for (int i = b.length - 1; i >= 0; i--) {
      out = tf.select(
          tf.math.lessEqual(step, tf.constant((float) b[i])), tf.constant((float) v[i]), out);
    }
    return out;
  }

  @Override
  public double valueAt(long step) {
    for (int i = 0; i < b.length; i++) if (step <= b[i]) return v[i];
    return v[v.length - 1];
  }

  @Override
  public String kerasName() {
    return "PiecewiseConstantDecay";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("boundaries", Arrays.stream(b).boxed().toList());
    c.put("values", Arrays.stream(v).boxed().toList());
    c.put("name", "PiecewiseConstant");
    return c;
  }
}
