package io.tfweave.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Adamax} (learning rate 0.001, betas 0.9/0.999, epsilon 1e-7) on TensorFlow's fused {@code ApplyAdaMax}:
 * {@code m ← β₁m + (1−β₁)g; u ← max(β₂u, |g|); w ← w − lr/(1−β₁ᵗ)·m/(u + ε)}, slots {@code momentum} and {@code norm}.
 */
public final class Adamax extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = Optimizers.EPSILON_DEFAULT;
  private Operand<TFloat32> beta1Power;

  Adamax(double lr, LearningRateSchedule s) {
    super(s == null ? lr : 0, s);
  }

  /** First-moment decay in [0, 1) (default 0.9). */
  public Adamax beta1(double b) {
    this.beta1 = Nadam.beta("beta1", b);
    return this;
  }

  /** Infinity-norm decay in [0, 1) (default 0.999). */
  public Adamax beta2(double b) {
    this.beta2 = Nadam.beta("beta2", b);
    return this;
  }

  /** Epsilon, positive (default 1e-7). */
  public Adamax epsilon(double e) {
    this.epsilon = positive("epsilon", e);
    return this;
  }

  @Override
  public String name() {
    return "Adamax";
  }

  @Override
  protected void prepare(Ops tf, Operand<TFloat32> lr, Operand<TFloat32> step) {
    beta1Power = tf.math.pow(tf.constant((float) beta1), step);
  }

  @Override
  protected Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step) {
    return tf.train.applyAdaMax(
        var,
        slots.zeros("momentum"),
        slots.zeros("norm"),
        beta1Power,
        lr,
        tf.constant((float) beta1),
        tf.constant((float) beta2),
        tf.constant((float) epsilon),
        grad);
  }

  @Override
  public Map<String, Object> config() {
    var c = super.config();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    return c;
  }
}
