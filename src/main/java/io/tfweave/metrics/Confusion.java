package io.tfweave.metrics;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Confusion counts at fixed thresholds, as Keras's {@code update_confusion_matrix_variables}: a prediction is positive
 * at a threshold when it is strictly greater; a target is positive when it is above 0.5. Built as a weighted metric,
 * each entry counts with its sample's weight.
 */
final class Confusion {
  private Confusion() {}

  /**
   * {@code [tp, fp, tn, fn]} per threshold: shape {@code [thresholds]}, or {@code [thresholds, labels]} with
   * {@code multiLabel} (the last axis of {@code yPred} holds the labels, counted separately).
   */
  static List<Operand<TFloat32>> counts(
      Ops tf,
      Operand<TFloat32> yTrue,
      Operand<TFloat32> yPred,
      float[] thresholds,
      boolean multiLabel) {
    Operand<TFloat32> p;
    Operand<TFloat32> t = tf.dtypes.cast(tf.math.greater(yTrue, tf.constant(0.5f)), TFloat32.class);
    Operand<TFloat32> th;
    Operand<TFloat32> w = Metric.spread(tf, Metric.sampleWeights(), yPred);
    if (multiLabel) {
      int labels = (int) yPred.shape().get(yPred.shape().numDimensions() - 1);
      p = tf.reshape(yPred, tf.constant(new int[] {-1, 1, labels}));
      t = tf.reshape(t, tf.constant(new int[] {-1, 1, labels}));
      if (w != null) w = tf.reshape(w, tf.constant(new int[] {-1, 1, labels}));
      th = tf.reshape(tf.constant(thresholds), tf.constant(new int[] {-1, 1}));
    } else {
      p = tf.reshape(yPred, tf.constant(new int[] {-1, 1}));
      t = tf.reshape(t, tf.constant(new int[] {-1, 1}));
      if (w != null) w = tf.reshape(w, tf.constant(new int[] {-1, 1}));
      th = tf.constant(thresholds);
    }
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> above = tf.dtypes.cast(tf.math.greater(p, th), TFloat32.class);
    Operand<TFloat32> below = tf.math.sub(one, above);
    Operand<TFloat32> neg = tf.math.sub(one, t);
    if (w != null) { // each sample counts with its weight
      t = tf.math.mul(t, w);
      neg = tf.math.mul(neg, w);
    }
    Operand<org.tensorflow.types.TInt32> axis0 = tf.constant(0);
    return List.of(
        tf.sum(tf.math.mul(above, t), axis0),
        tf.sum(tf.math.mul(above, neg), axis0),
        tf.sum(tf.math.mul(below, neg), axis0),
        tf.sum(tf.math.mul(below, t), axis0));
  }

  /** Thresholds as floats, each in [0, 1]. */
  static float[] checked(String metric, double[] thresholds) {
    float[] f = new float[thresholds.length];
    for (int i = 0; i < f.length; i++) {
      if (!(thresholds[i] >= 0 && thresholds[i] <= 1))
        throw new IllegalArgumentException(metric
            + ": thresholds must be in [0, 1]. Received: thresholds[" + i + "]=" + thresholds[i]);
      f[i] = (float) thresholds[i];
    }
    return f;
  }

  /** The entries of a length-1 vector as a scalar, as Keras's {@code result[0]} for one threshold. */
  static Operand<TFloat32> scalarIfSingle(Ops tf, Operand<TFloat32> x, int n) {
    return n == 1 ? tf.reshape(x, tf.constant(new int[0])) : x;
  }

  static List<Double> boxed(float[] t) {
    java.util.ArrayList<Double> l = new java.util.ArrayList<>();
    for (float v : t) l.add((double) v);
    return l;
  }
}
