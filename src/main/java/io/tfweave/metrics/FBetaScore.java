package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code FBetaScore} and {@code F1Score} on 2-D {@code (batch, classes)} one-hot or multi-label targets:
 * {@code (1 + β²) P R / (β² P + R)} per class from accumulated TP, FP, FN (ε = 1e-7 in each division, as Keras).
 * Predictions are positive above {@code threshold}, or, with none (Keras's default), where they equal the row's maximum.
 * {@code average}: none (Keras's default; a vector logged as {@code f1_score_0}, {@code f1_score_1}, ... since History
 * holds numbers), {@code micro} (counts pooled over classes), {@code macro} (mean over classes), {@code weighted} (mean
 * weighted by each class's number of true samples). Immutable: each option returns a new metric.
 */
public final class FBetaScore extends Metric {
  private final String average;
  private final double beta;
  private final Double threshold;
  private final String name;

  FBetaScore(String average, double beta, Double threshold, String name) {
    if (average != null && !List.of("micro", "macro", "weighted").contains(average))
      throw new IllegalArgumentException(
          "Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', 'weighted'}. Received: average="
              + average);
    if (!(beta > 0))
      throw new IllegalArgumentException(
          "Invalid `beta` argument value. It should be > 0. Received: beta=" + beta);
    if (threshold != null && !(threshold > 0 && threshold <= 1))
      throw new IllegalArgumentException(
          "Invalid `threshold` argument value. It should verify 0 < threshold <= 1. Received: threshold="
              + threshold);
    this.average = average;
    this.beta = beta;
    this.threshold = threshold;
    this.name = name;
  }

  /** {@code micro}, {@code macro}, {@code weighted}, or null for one value per class ({@code average}). */
  public FBetaScore average(String average) {
    return new FBetaScore(average, beta, threshold, name);
  }

  /** The threshold in (0, 1], or null for the row's maximum ({@code threshold}). */
  public FBetaScore threshold(Double threshold) {
    return new FBetaScore(average, beta, threshold, name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("average", average);
    if (!name.equals("f1_score")) c.put("beta", beta);
    c.put("threshold", threshold);
    return c;
  }

  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
    if (yPred.shape().numDimensions() != 2 || yTrue.shape().numDimensions() != 2)
      throw new IllegalArgumentException("Metric '" + name
          + "' expects 2-D inputs with shape (batch_size, output_dim). Received: y_true.shape="
          + yTrue.shape() + ", y_pred.shape=" + yPred.shape()
          + ". Fix: one-hot encode sparse targets (one column per class)");
    Operand<TFloat32> pred;
    if (threshold == null) {
      Operand<TFloat32> max = tf.max(yPred, tf.constant(-1), Max.keepDims(true));
      pred = tf.dtypes.cast(
          tf.math.logicalAnd(
              tf.math.greaterEqual(yPred, max),
              tf.math.greater(tf.math.abs(yPred), tf.constant(1e-9f))),
          TFloat32.class);
    } else {
      pred = tf.dtypes.cast(
          tf.math.greater(yPred, tf.constant(threshold.floatValue())), TFloat32.class);
    }
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> w = spread(tf, sampleWeights(), yTrue);
    if (w != null) { // Keras's val * sample_weight[:, None]
      pred = tf.math.mul(pred, w);
    }
    Operand<TFloat32> truth = w == null ? yTrue : tf.math.mul(yTrue, w);
    boolean micro = "micro".equals(average);
    Operand<TFloat32> weight = w == null ? tf.onesLike(yTrue) : w;
    // with weights: tp = Σ w p t, fp = Σ w p (1 − t), fn = Σ w (1 − p) t, support = Σ w t (p
    // already holds w)
    List<Operand<TFloat32>> sums = List.of(
        sum(tf, tf.math.mul(pred, yTrue), micro),
        sum(tf, tf.math.mul(pred, tf.math.sub(one, yTrue)), micro),
        sum(tf, tf.math.mul(tf.math.sub(weight, pred), yTrue), micro),
        sum(tf, truth, micro));
    return new Stats(sums, s -> result(tf, s));
  }

  private static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x, boolean all) {
    return all ? sumAll(tf, x) : tf.sum(x, tf.constant(0));
  }

  private Operand<TFloat32> result(Ops tf, List<Operand<TFloat32>> s) {
    Operand<TFloat32> eps = tf.constant(1e-7f);
    Operand<TFloat32> tp = s.get(0);
    Operand<TFloat32> precision = tf.math.div(tp, tf.math.add(tf.math.add(tp, s.get(1)), eps));
    Operand<TFloat32> recall = tf.math.div(tp, tf.math.add(tf.math.add(tp, s.get(2)), eps));
    float b2 = (float) (beta * beta);
    Operand<TFloat32> mean = tf.math.div(
        tf.math.mul(precision, recall),
        tf.math.add(tf.math.add(tf.math.mul(tf.constant(b2), precision), recall), eps));
    Operand<TFloat32> f = tf.math.mul(mean, tf.constant(1 + b2));
    if ("weighted".equals(average)) {
      Operand<TFloat32> w = tf.math.div(s.get(3), tf.math.add(sumAll(tf, s.get(3)), eps));
      return sumAll(tf, tf.math.mul(f, w));
    }
    if (average != null)
      return tf.math.mean(tf.reshape(f, tf.constant(new int[] {-1})), tf.constant(0));
    return f;
  }
}
