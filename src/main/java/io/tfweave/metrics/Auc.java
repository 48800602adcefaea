package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Area under the ROC curve from true/false positive/negative counts at fixed thresholds (Keras's {@code AUC} with
 * {@code curve="ROC"}, {@code summation_method="interpolation"}: the trapezoidal rule).
 */
final class Auc extends Metric {
  private final int numThresholds;

  Auc(int numThresholds) {
    if (numThresholds < 2)
      throw new IllegalArgumentException("numThresholds must be > 1. Received: " + numThresholds);
    this.numThresholds = numThresholds;
  }

  /** Keras's thresholds: 0 − ε, i/(n−1) for 0 < i < n−1, 1 + ε. */
  static float[] thresholds(int n) {
    float[] t = new float[n];
    for (int i = 1; i < n - 1; i++) t[i] = (float) i / (n - 1);
    t[0] = -1e-7f;
    t[n - 1] = 1 + 1e-7f;
    return t;
  }

  @Override
  public String name() {
    return "auc";
  }

  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
    Operand<TFloat32> p = tf.reshape(yPred, tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> t = tf.reshape(
        tf.dtypes.cast(tf.math.greater(yTrue, tf.constant(0.5f)), TFloat32.class),
        tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> above =
        tf.dtypes.cast(tf.math.greater(p, tf.constant(thresholds(numThresholds))), TFloat32.class);
    Operand<TFloat32> below = tf.math.sub(one, above);
    Operand<TFloat32> neg = tf.math.sub(one, t);
    Operand<org.tensorflow.types.TInt32> axis0 = tf.constant(0);
    List<Operand<TFloat32>> sums = List.of(
        tf.sum(tf.math.mul(above, t), axis0),
        tf.sum(tf.math.mul(above, neg), axis0),
        tf.sum(tf.math.mul(below, neg), axis0),
        tf.sum(tf.math.mul(below, t), axis0));
    return new Stats(sums, s -> area(tf, s.get(0), s.get(1), s.get(2), s.get(3)));
  }

  private Operand<TFloat32> area(
      Ops tf,
      Operand<TFloat32> tp,
      Operand<TFloat32> fp,
      Operand<TFloat32> tn,
      Operand<TFloat32> fn) {
    Operand<TFloat32> tpr = tf.math.divNoNan(tp, tf.math.add(tp, fn));
    Operand<TFloat32> fpr = tf.math.divNoNan(fp, tf.math.add(fp, tn));
    int n = numThresholds;
    Operand<TFloat32> fprHead =
        tf.slice(fpr, tf.constant(new int[] {0}), tf.constant(new int[] {n - 1}));
    Operand<TFloat32> fprTail =
        tf.slice(fpr, tf.constant(new int[] {1}), tf.constant(new int[] {n - 1}));
    Operand<TFloat32> tprHead =
        tf.slice(tpr, tf.constant(new int[] {0}), tf.constant(new int[] {n - 1}));
    Operand<TFloat32> tprTail =
        tf.slice(tpr, tf.constant(new int[] {1}), tf.constant(new int[] {n - 1}));
    return tf.sum(
        tf.math.mul(
            tf.math.sub(fprHead, fprTail),
            tf.math.mul(tf.constant(0.5f), tf.math.add(tprHead, tprTail))),
        tf.constant(0));
  }
}
