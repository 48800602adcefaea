package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code PrecisionAtRecall} and {@code RecallAtPrecision}: over {@code numThresholds} evenly spaced thresholds
 * (0, 1/(n−1), ..., 1; Keras's default 200), the best precision among those whose recall is ≥ the target (or the best
 * recall among those whose precision is ≥ the target), 0 when none qualifies.
 */
public final class AtConstraint extends Metric {
  /** Keras's default number of thresholds. */
  public static final int NUM_THRESHOLDS_DEFAULT = 200;

  private final boolean precisionAtRecall;
  private final double target;
  private final int numThresholds;

  AtConstraint(boolean precisionAtRecall, double target, int numThresholds) {
    String arg = precisionAtRecall ? "recall" : "precision";
    if (!(target >= 0 && target <= 1))
      throw new IllegalArgumentException(
          "Argument `" + arg + "` must be in the range [0, 1]. Received: " + arg + "=" + target);
    if (numThresholds <= 0)
      throw new IllegalArgumentException(
          "Argument `num_thresholds` must be an integer > 0. Received: num_thresholds="
              + numThresholds);
    this.precisionAtRecall = precisionAtRecall;
    this.target = target;
    this.numThresholds = numThresholds;
  }

  /** The same metric over {@code n} thresholds ({@code num_thresholds}). */
  public AtConstraint numThresholds(int n) {
    return new AtConstraint(precisionAtRecall, target, n);
  }

  @Override
  public String name() {
    return precisionAtRecall ? "precision_at_recall" : "recall_at_precision";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("class_id", null);
    c.put("num_thresholds", numThresholds);
    c.put(precisionAtRecall ? "recall" : "precision", target);
    return c;
  }

  /** Keras's thresholds: [0.5] for one, else 0, (i+1)/(n−1) for i < n−2, 1. */
  static float[] thresholds(int n) {
    if (n == 1) return new float[] {0.5f};
    float[] t = new float[n];
    for (int i = 0; i < n - 2; i++) t[i + 1] = (float) ((i + 1) * 1.0 / (n - 1));
    t[n - 1] = 1f;
    return t;
  }

  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
    List<Operand<TFloat32>> c =
        Confusion.counts(tf, yTrue, yPred, thresholds(numThresholds), false);
    return new Stats(List.of(c.get(0), c.get(1), c.get(3)), s -> {
      Operand<TFloat32> tp = s.get(0);
      Operand<TFloat32> recall = tf.math.divNoNan(tp, tf.math.add(tp, s.get(2)));
      Operand<TFloat32> precision = tf.math.divNoNan(tp, tf.math.add(tp, s.get(1)));
      Operand<TFloat32> constrained = precisionAtRecall ? recall : precision;
      Operand<TFloat32> dependent = precisionAtRecall ? precision : recall;
      Operand<TFloat32> feasible = tf.dtypes.cast(
          tf.math.greaterEqual(constrained, tf.constant((float) target)), TFloat32.class);
      return tf.math.maximum(
          tf.max(tf.math.mul(feasible, dependent), tf.constant(0)), tf.constant(0f));
    });
  }
}
