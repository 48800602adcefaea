package io.tfweave.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CategoricalCrossentropy} on one-hot targets: {@code −sum(t log p, axis=-1)} with p renormalised and
 * clipped to [ε, 1 − ε], or {@code log_softmax} of the logits when known (a softmax output, or
 * {@code fromLogits(true)}). {@code labelSmoothing(s)} uses {@code t (1 − s) + s / classes}. Immutable: each option
 * returns a new loss.
 */
public final class CategoricalCrossentropy extends Loss {
  private final boolean fromLogits;
  private final double labelSmoothing;

  CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
    this.fromLogits = fromLogits;
    this.labelSmoothing = CrossEntropies.checkSmoothing(labelSmoothing);
  }

  /** Whether predictions are logits ({@code from_logits}, default false). */
  public CategoricalCrossentropy fromLogits(boolean fromLogits) {
    return new CategoricalCrossentropy(fromLogits, labelSmoothing);
  }

  /** Label smoothing in [0, 1] ({@code label_smoothing}, default 0). */
  public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
    return new CategoricalCrossentropy(fromLogits, labelSmoothing);
  }

  @Override
  public String name() {
    return "categorical_crossentropy";
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
    return c;
  }

  @Override
  public Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> logits) {
    Operand<TFloat32> t = CrossEntropies.smoothCategorical(tf, y, labelSmoothing);
    return tf.math.neg(
        tf.sum(tf.math.mul(t, logProbs(tf, p, fromLogits ? p : logits)), tf.constant(-1)));
  }

  /** {@code log_softmax(logits)} when known, else the log of the renormalised, clipped probabilities. */
  static Operand<TFloat32> logProbs(Ops tf, Operand<TFloat32> p, Operand<TFloat32> logits) {
    if (logits != null) return tf.nn.logSoftmax(logits);
    return tf.math.log(CrossEntropies.normalisedClipped(tf, p));
  }
}
