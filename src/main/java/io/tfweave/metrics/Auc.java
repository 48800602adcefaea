package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code AUC}: the area under the ROC or precision–recall curve from true/false positive/negative counts at
 * fixed thresholds (default {@value Metrics#AUC_THRESHOLDS_DEFAULT}, evenly spaced, with −ε and 1 + ε at the ends).
 * Summation as Keras: {@code interpolation} (the trapezoidal rule; for PR, Davis &amp; Goadrich's interpolation),
 * {@code minoring} or {@code majoring}. With {@code multiLabel(true)} each label (last axis) gets its own curve and the
 * value is the mean of the areas; otherwise all entries are pooled. Immutable: each option returns a new metric.
 */
public final class Auc extends Metric {
  /** Keras's {@code curve}. */
  public enum Curve {
    ROC,
    PR
  }

  /** Keras's {@code summation_method}. */
  public enum Summation {
    INTERPOLATION,
    MINORING,
    MAJORING
  }

  private final int numThresholds;
  private final float[] explicit;
  private final Curve curve;
  private final Summation summation;
  private final boolean multiLabel;
  private final boolean fromLogits;

  Auc(int numThresholds) {
    this(numThresholds, null, Curve.ROC, Summation.INTERPOLATION, false, false);
  }

  private Auc(
      int numThresholds,
      float[] explicit,
      Curve curve,
      Summation summation,
      boolean multiLabel,
      boolean fromLogits) {
    if (numThresholds < 2)
      throw new IllegalArgumentException(
          "Argument `num_thresholds` must be an integer > 1. Received: num_thresholds="
              + numThresholds);
    this.numThresholds = numThresholds;
    this.explicit = explicit;
    this.curve = java.util.Objects.requireNonNull(curve, "curve");
    this.summation = java.util.Objects.requireNonNull(summation, "summation");
    this.multiLabel = multiLabel;
    this.fromLogits = fromLogits;
  }

  /** {@code n} evenly spaced thresholds ({@code num_thresholds}, > 1). */
  public Auc numThresholds(int n) {
    return new Auc(n, null, curve, summation, multiLabel, fromLogits);
  }

  /** Explicit thresholds in [0, 1] ({@code thresholds}); −ε and 1 + ε are added at the ends, as Keras does. */
  public Auc thresholds(double... thresholds) {
    float[] t = Confusion.checked("auc", thresholds);
    return new Auc(t.length + 2, t, curve, summation, multiLabel, fromLogits);
  }

  /** The curve ({@code curve}, default ROC). */
  public Auc curve(Curve curve) {
    return new Auc(numThresholds, explicit, curve, summation, multiLabel, fromLogits);
  }

  /** The Riemann sum ({@code summation_method}, default interpolation). */
  public Auc summationMethod(Summation s) {
    return new Auc(numThresholds, explicit, curve, s, multiLabel, fromLogits);
  }

  /** One curve per label, averaged ({@code multi_label}, default false). */
  public Auc multiLabel(boolean multiLabel) {
    return new Auc(numThresholds, explicit, curve, summation, multiLabel, fromLogits);
  }

  /** Predictions are logits: a sigmoid is applied first ({@code from_logits}, default false). */
  public Auc fromLogits(boolean fromLogits) {
    return new Auc(numThresholds, explicit, curve, summation, multiLabel, fromLogits);
  }

  /** The thresholds used: Keras's 0 − ε, i/(n−1) for 0 &lt; i &lt; n−1, 1 + ε (or the explicit ones between). */
  float[] thresholds() {
    int n = numThresholds;
    float[] t = new float[n];
    for (int i = 1; i < n - 1; i++) t[i] = explicit != null ? explicit[i - 1] : (float) i / (n - 1);
    t[0] = -1e-7f;
    t[n - 1] = 1 + 1e-7f;
    return t;
  }

  /** Keras's default thresholds for {@code n}. */
  static float[] thresholds(int n) {
    return new Auc(n).thresholds();
  }

  @Override
  public String name() {
    return "auc";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("num_thresholds", numThresholds);
    c.put("curve", curve.name());
    c.put("summation_method", summation.name().toLowerCase(java.util.Locale.ROOT));
    c.put("multi_label", multiLabel);
    c.put("num_labels", null);
    c.put("label_weights", null);
    c.put("from_logits", fromLogits);
    if (explicit != null) c.put("thresholds", Confusion.boxed(explicit));
    return c;
  }

  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
    Operand<TFloat32> p = fromLogits ? tf.math.sigmoid(yPred) : yPred;
    List<Operand<TFloat32>> c = Confusion.counts(tf, yTrue, p, thresholds(), multiLabel);
    return new Stats(c, s -> {
      Operand<TFloat32> perLabel = curve == Curve.PR && summation == Summation.INTERPOLATION
          ? interpolatedPr(tf, s.get(0), s.get(1), s.get(3))
          : riemann(tf, s.get(0), s.get(1), s.get(2), s.get(3));
      return multiLabel ? tf.math.mean(perLabel, tf.constant(0)) : perLabel;
    });
  }

  private Operand<TFloat32> head(Ops tf, Operand<TFloat32> x) {
    return tf.gather(
        x,
        tf.range(tf.constant(0), tf.constant(numThresholds - 1), tf.constant(1)),
        tf.constant(0));
  }

  private Operand<TFloat32> tail(Ops tf, Operand<TFloat32> x) {
    return tf.gather(
        x, tf.range(tf.constant(1), tf.constant(numThresholds), tf.constant(1)), tf.constant(0));
  }

  private Operand<TFloat32> riemann(
      Ops tf,
      Operand<TFloat32> tp,
      Operand<TFloat32> fp,
      Operand<TFloat32> tn,
      Operand<TFloat32> fn) {
    Operand<TFloat32> recall = tf.math.divNoNan(tp, tf.math.add(tp, fn));
    Operand<TFloat32> x;
    Operand<TFloat32> y;
    if (curve == Curve.ROC) {
      x = tf.math.divNoNan(fp, tf.math.add(fp, tn));
      y = recall;
    } else {
      x = recall;
      y = tf.math.divNoNan(tp, tf.math.add(tp, fp));
    }
    Operand<TFloat32> heights =
        switch (summation) {
          case INTERPOLATION -> tf.math.mul(
              tf.constant(0.5f), tf.math.add(head(tf, y), tail(tf, y)));
          case MINORING -> tf.math.minimum(head(tf, y), tail(tf, y));
          case MAJORING -> tf.math.maximum(head(tf, y), tail(tf, y));
        };
    return tf.sum(tf.math.mul(tf.math.sub(head(tf, x), tail(tf, x)), heights), tf.constant(0));
  }

  /** Keras's {@code interpolate_pr_auc} (Davis &amp; Goadrich 2006), per label. */
  private Operand<TFloat32> interpolatedPr(
      Ops tf, Operand<TFloat32> tp, Operand<TFloat32> fp, Operand<TFloat32> fn) {
    Operand<TFloat32> zero = tf.constant(0f);
    Operand<TFloat32> dtp = tf.math.sub(head(tf, tp), tail(tf, tp));
    Operand<TFloat32> p = tf.math.add(tp, fp);
    Operand<TFloat32> pHead = head(tf, p);
    Operand<TFloat32> pTail = tail(tf, p);
    Operand<TFloat32> dp = tf.math.sub(pHead, pTail);
    Operand<TFloat32> slope = tf.math.divNoNan(dtp, tf.math.maximum(dp, zero));
    Operand<TFloat32> intercept = tf.math.sub(tail(tf, tp), tf.math.mul(slope, pTail));
    Operand<org.tensorflow.types.TBool> bothPositive =
        tf.math.logicalAnd(tf.math.greater(pHead, zero), tf.math.greater(pTail, zero));
    Operand<TFloat32> ratio = tf.select(
        bothPositive, tf.math.divNoNan(pHead, tf.math.maximum(pTail, zero)), tf.onesLike(pTail));
    Operand<TFloat32> increment = tf.math.divNoNan(
        tf.math.mul(slope, tf.math.add(dtp, tf.math.mul(intercept, tf.math.log(ratio)))),
        tf.math.maximum(tf.math.add(tail(tf, tp), tail(tf, fn)), zero));
    return tf.sum(increment, tf.constant(0));
  }
}
