package io.tfweave.losses;

import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Tversky} loss (Salehi et al., 2017): {@code 1 − I / (I + α Σ t(1 − p) + β Σ p(1 − t) + ε)} with
 * {@code I = Σ t p}, summed over {@code axis} (default: all axes, one value for the whole batch, as Keras's
 * {@code axis=None}). α = β = 0.5 by default. (Keras's code names the α term "false positives"; the formula here is
 * Keras's exactly.) Immutable: each option returns a new loss.
 */
public final class Tversky extends Loss {
  /** Keras's default {@code alpha} and {@code beta}. */
  public static final double ALPHA_DEFAULT = 0.5;

  private final double alpha;
  private final double beta;
  private final int[] axis;

  Tversky(double alpha, double beta, int[] axis) {
    this.alpha = alpha;
    this.beta = beta;
    this.axis = axis == null ? null : axis.clone();
  }

  /** The weight of the {@code Σ t(1 − p)} term ({@code alpha}). */
  public Tversky alpha(double alpha) {
    return new Tversky(alpha, beta, axis);
  }

  /** The weight of the {@code Σ p(1 − t)} term ({@code beta}). */
  public Tversky beta(double beta) {
    return new Tversky(alpha, beta, axis);
  }

  /** The axes summed over ({@code axis}), e.g. 1, 2 for one value per image and channel; none: all axes. */
  public Tversky axis(int... axis) {
    return new Tversky(alpha, beta, axis.length == 0 ? null : axis);
  }

  @Override
  public String name() {
    return "tversky";
  }

  @Override
  public Kind kind() {
    return Kind.BINARY;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("alpha", alpha);
    c.put("beta", beta);
    c.put("axis", axis == null ? null : Arrays.stream(axis).boxed().toList());
    return c;
  }

  @Override
  public Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> t, Operand<TFloat32> p, Operand<TFloat32> logits) {
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> inter = sum(tf, tf.math.mul(t, p), axis);
    Operand<TFloat32> a = sum(tf, tf.math.mul(tf.math.sub(one, p), t), axis);
    Operand<TFloat32> b = sum(tf, tf.math.mul(p, tf.math.sub(one, t)), axis);
    Operand<TFloat32> den = tf.math.add(
        tf.math.add(inter, tf.math.mul(a, tf.constant((float) alpha))),
        tf.math.add(tf.math.mul(b, tf.constant((float) beta)), tf.constant(Losses.EPSILON)));
    return tf.math.sub(one, tf.math.div(inter, den));
  }

  /** The sum over {@code axis} (all axes when null). */
  static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x, int[] axis) {
    if (axis == null) return tf.sum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
    return tf.sum(x, tf.constant(axis));
  }
}
