package io.tfweave.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Adadelta} (learning rate 0.001, rho 0.95, epsilon 1e-7) on TensorFlow's fused {@code ApplyAdadelta}:
 * {@code a ← ρa + (1−ρ)g²; Δ = −√(d + ε)/√(a + ε)·g; d ← ρd + (1−ρ)Δ²; w ← w + lr·Δ}, slots {@code accumulated_grad} and
 * {@code accumulated_delta_var}.
 */
public final class Adadelta extends Optimizer {
  /** Keras's default rho. */
  public static final double RHO_DEFAULT = 0.95;

  private double rho = RHO_DEFAULT;
  private double epsilon = Optimizers.EPSILON_DEFAULT;

  Adadelta(double lr, LearningRateSchedule s) {
    super(s == null ? lr : 0, s);
  }

  /** Decay rate in (0, 1) (default 0.95). */
  public Adadelta rho(double r) {
    if (!(r > 0 && r < 1))
      throw new IllegalArgumentException("rho must be in (0, 1). Received: rho=" + r);
    this.rho = r;
    return this;
  }

  /** Epsilon, positive (default 1e-7). */
  public Adadelta epsilon(double e) {
    this.epsilon = positive("epsilon", e);
    return this;
  }

  @Override
  public String name() {
    return "Adadelta";
  }

  @Override
  protected Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step) {
    return tf.train.applyAdadelta(
        var,
        slots.zeros("accumulated_grad"),
        slots.zeros("accumulated_delta_var"),
        lr,
        tf.constant((float) rho),
        tf.constant((float) epsilon),
        grad);
  }

  @Override
  public Map<String, Object> config() {
    var c = super.config();
    c.put("rho", rho);
    c.put("epsilon", epsilon);
    return c;
  }
}
