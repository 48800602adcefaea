package io.tfweave.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code BinaryCrossentropy}: {@code mean(-(t log p + (1 − t) log(1 − p)), axis=-1)} with p clipped to
 * [ε, 1 − ε], or the stable logit form when the logits are known (a sigmoid output, or {@code fromLogits(true)}).
 * {@code labelSmoothing(s)} squeezes targets towards 0.5: {@code t (1 − s) + 0.5 s}. Immutable: each option returns a
 * new loss.
 */
public final class BinaryCrossentropy extends Loss {
  private final boolean fromLogits;
  private final double labelSmoothing;

  BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
    this.fromLogits = fromLogits;
    this.labelSmoothing = CrossEntropies.checkSmoothing(labelSmoothing);
  }

  /** Whether predictions are logits ({@code from_logits}, default false). */
  public BinaryCrossentropy fromLogits(boolean fromLogits) {
    return new BinaryCrossentropy(fromLogits, labelSmoothing);
  }

  /** Label smoothing in [0, 1] ({@code label_smoothing}, default 0). */
  public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
    return new BinaryCrossentropy(fromLogits, labelSmoothing);
  }

  @Override
  public String name() {
    return "binary_crossentropy";
  }

  @Override
  public Kind kind() {
    return Kind.BINARY;
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
    return tf.math.mean(elementwise(tf, y, p, logits), tf.constant(-1));
  }

  @Override
  public Operand<TFloat32> compute(
      Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> logits) {
    return meanOfAll(tf, elementwise(tf, y, p, logits));
  }

  private Operand<TFloat32> elementwise(
      Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> logits) {
    Operand<TFloat32> t = CrossEntropies.smoothBinary(tf, y, labelSmoothing);
    return CrossEntropies.binary(tf, t, fromLogits ? null : p, fromLogits ? p : logits);
  }
}
