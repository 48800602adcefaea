package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Precision} TP / (TP + FP) and {@code Recall} TP / (TP + FN) at one or more thresholds (default 0.5);
 * with several thresholds the value is a vector (logged as {@code precision_0}, {@code precision_1}, ...).
 */
final class PrecisionRecall extends Metric {
  private final boolean precision;
  private final float[] thresholds;
  private final boolean defaultThreshold;

  PrecisionRecall(boolean precision, double[] thresholds) {
    this.precision = precision;
    this.defaultThreshold = thresholds.length == 0;
    this.thresholds = defaultThreshold
        ? new float[] {(float) Metrics.THRESHOLD_DEFAULT}
        : Confusion.checked(name(), thresholds);
  }

  @Override
  public String name() {
    return precision ? "precision" : "recall";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put(
        "thresholds",
        defaultThreshold
            ? null
            : thresholds.length == 1
                ? (Object) (double) thresholds[0]
                : Confusion.boxed(thresholds));
    c.put("top_k", null);
    c.put("class_id", null);
    return c;
  }

  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
    List<Operand<TFloat32>> c = Confusion.counts(tf, yTrue, yPred, thresholds, false);
    int n = thresholds.length;
    return new Stats(
        List.of(c.get(0), c.get(precision ? 1 : 3)),
        s -> Confusion.scalarIfSingle(
            tf, tf.math.divNoNan(s.get(0), tf.math.add(s.get(0), s.get(1))), n));
  }
}
