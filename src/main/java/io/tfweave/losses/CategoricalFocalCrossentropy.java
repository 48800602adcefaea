package io.tfweave.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CategoricalFocalCrossentropy} on one-hot targets: {@code sum(−α (1 − p)^γ t log p, axis=-1)} with p
 * renormalised over the classes and clipped to [ε, 1 − ε] (softmax first with {@code fromLogits(true)}). Defaults as
 * Keras: α = {@value #ALPHA_DEFAULT}, γ = {@value #GAMMA_DEFAULT}. Immutable: each option returns a new loss.
 */
public final class CategoricalFocalCrossentropy extends Loss {
  /** Keras's default {@code alpha}. */
  public static final double ALPHA_DEFAULT = 0.25;
  /** Keras's default {@code gamma}. */
  public static final double GAMMA_DEFAULT = 2.0;

  private final double alpha;
  private final double gamma;
  private final boolean fromLogits;
  private final double labelSmoothing;

  CategoricalFocalCrossentropy(
      double alpha, double gamma, boolean fromLogits, double labelSmoothing) {
    this.alpha = alpha;
    if (!(gamma >= 0))
      throw new IllegalArgumentException("gamma must be >= 0. Received: gamma=" + gamma);
    this.gamma = gamma;
    this.fromLogits = fromLogits;
    this.labelSmoothing = CrossEntropies.checkSmoothing(labelSmoothing);
  }

  /** The balancing factor for all classes ({@code alpha}). */
  public CategoricalFocalCrossentropy alpha(double alpha) {
    return new CategoricalFocalCrossentropy(alpha, gamma, fromLogits, labelSmoothing);
  }

  /** The focusing exponent ({@code gamma}). */
  public CategoricalFocalCrossentropy gamma(double gamma) {
    return new CategoricalFocalCrossentropy(alpha, gamma, fromLogits, labelSmoothing);
  }

  /** Whether predictions are logits ({@code from_logits}). */
  public CategoricalFocalCrossentropy fromLogits(boolean fromLogits) {
    return new CategoricalFocalCrossentropy(alpha, gamma, fromLogits, labelSmoothing);
  }

  /** Label smoothing {@code t (1 − s) + s / classes} ({@code label_smoothing}). */
  public CategoricalFocalCrossentropy labelSmoothing(double s) {
    return new CategoricalFocalCrossentropy(alpha, gamma, fromLogits, s);
  }

  @Override
  public String name() {
    return "categorical_focal_crossentropy";
  }

  @Override
  public Kind kind() {
    return Kind.CATEGORICAL;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing);
    c.put("axis", -1);
    c.put("alpha", alpha);
    c.put("gamma", gamma);
    return c;
  }

  @Override
  public Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> y, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
    Operand<TFloat32> t = CrossEntropies.smoothCategorical(tf, y, labelSmoothing);
    Operand<TFloat32> p = fromLogits ? tf.nn.softmax(yPred) : yPred;
    Operand<TFloat32> out = CrossEntropies.normalisedClipped(tf, p);
    Operand<TFloat32> cce = tf.math.neg(tf.math.mul(t, tf.math.log(out)));
    Operand<TFloat32> factor = tf.math.mul(
        tf.math.pow(tf.math.sub(tf.constant(1f), out), tf.constant((float) gamma)),
        tf.constant((float) alpha));
    return tf.sum(tf.math.mul(factor, cce), tf.constant(-1));
  }
}
