package io.tfweave.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code BinaryFocalCrossentropy} (Lin et al., 2018): {@code mean((1 − p_t)^γ · bce, axis=-1)} with
 * {@code p_t = t p + (1 − t)(1 − p)}, times {@code α t + (1 − α)(1 − t)} when {@code applyClassBalancing(true)}.
 * Defaults as Keras: {@link #ALPHA_DEFAULT}, {@link #GAMMA_DEFAULT}, no class balancing, no label smoothing,
 * probabilities. Immutable: each option returns a new loss.
 */
public final class BinaryFocalCrossentropy extends Loss {
  /** Keras's default {@code alpha}. */
  public static final double ALPHA_DEFAULT = 0.25;
  /** Keras's default {@code gamma}. */
  public static final double GAMMA_DEFAULT = 2.0;

  private final boolean applyClassBalancing;
  private final double alpha;
  private final double gamma;
  private final boolean fromLogits;
  private final double labelSmoothing;

  BinaryFocalCrossentropy(
      boolean applyClassBalancing,
      double alpha,
      double gamma,
      boolean fromLogits,
      double labelSmoothing) {
    this.applyClassBalancing = applyClassBalancing;
    this.alpha = alpha;
    if (!(gamma >= 0))
      throw new IllegalArgumentException("gamma must be >= 0. Received: gamma=" + gamma);
    this.gamma = gamma;
    this.fromLogits = fromLogits;
    this.labelSmoothing = CrossEntropies.checkSmoothing(labelSmoothing);
  }

  /** Weights class 1 by α and class 0 by 1 − α ({@code apply_class_balancing}). */
  public BinaryFocalCrossentropy applyClassBalancing(boolean on) {
    return new BinaryFocalCrossentropy(on, alpha, gamma, fromLogits, labelSmoothing);
  }

  /** The class-1 weight used with class balancing ({@code alpha}). */
  public BinaryFocalCrossentropy alpha(double alpha) {
    return new BinaryFocalCrossentropy(
        applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing);
  }

  /** The focusing exponent ({@code gamma}); 0 gives plain binary cross-entropy. */
  public BinaryFocalCrossentropy gamma(double gamma) {
    return new BinaryFocalCrossentropy(
        applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing);
  }

  /** Whether predictions are logits ({@code from_logits}). */
  public BinaryFocalCrossentropy fromLogits(boolean fromLogits) {
    return new BinaryFocalCrossentropy(
        applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing);
  }

  /** Label smoothing towards 0.5 ({@code label_smoothing}). */
  public BinaryFocalCrossentropy labelSmoothing(double s) {
    return new BinaryFocalCrossentropy(applyClassBalancing, alpha, gamma, fromLogits, s);
  }

  @Override
  public String name() {
    return "binary_focal_crossentropy";
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
    c.put("apply_class_balancing", applyClassBalancing);
    c.put("alpha", alpha);
    c.put("gamma", gamma);
    return c;
  }

  @Override
  public Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> y, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
    Operand<TFloat32> t = CrossEntropies.smoothBinary(tf, y, labelSmoothing);
    Operand<TFloat32> z = fromLogits ? yPred : logits;
    Operand<TFloat32> p = fromLogits ? tf.math.sigmoid(yPred) : yPred;
    // as Keras: the cross-entropy uses the logits when they are known, the focal factor the
    // probabilities
    Operand<TFloat32> bce = CrossEntropies.binary(tf, t, p, z);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> oneMinusT = tf.math.sub(one, t);
    Operand<TFloat32> pt =
        tf.math.add(tf.math.mul(t, p), tf.math.mul(oneMinusT, tf.math.sub(one, p)));
    Operand<TFloat32> focal =
        tf.math.mul(tf.math.pow(tf.math.sub(one, pt), tf.constant((float) gamma)), bce);
    if (applyClassBalancing) {
      Operand<TFloat32> w = tf.math.add(
          tf.math.mul(t, tf.constant((float) alpha)),
          tf.math.mul(oneMinusT, tf.constant((float) (1 - alpha))));
      focal = tf.math.mul(w, focal);
    }
    return tf.math.mean(focal, tf.constant(-1));
  }
}
