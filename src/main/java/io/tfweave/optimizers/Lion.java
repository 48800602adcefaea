package io.tfweave.optimizers;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Lion} (learning rate 0.001, beta_1 0.9, beta_2 0.99), built from ops and assignments (TensorFlow has no
 * Lion kernel): {@code w ← w − lr·sign(β₁m + (1−β₁)g); m ← β₂m + (1−β₂)g}, slot {@code momentum}.
 */
public final class Lion extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.99;

  Lion(double lr, LearningRateSchedule s) {
    super(s == null ? lr : 0, s);
  }

  /** Interpolation factor of the update direction, in (0, 1] (default 0.9); Keras rejects 0 (SignSGD). */
  public Lion beta1(double b) {
    if (!(b > 0 && b <= 1))
      throw new IllegalArgumentException(
          "beta1 must be in (0, 1]; otherwise Lion degenerates to SignSGD. Received: beta1=" + b);
    this.beta1 = b;
    return this;
  }

  /** Momentum decay in [0, 1] (default 0.99). */
  public Lion beta2(double b) {
    if (!(b >= 0 && b <= 1))
      throw new IllegalArgumentException("beta2 must be in [0, 1]. Received: beta2=" + b);
    this.beta2 = b;
    return this;
  }

  @Override
  public String name() {
    return "Lion";
  }

  @Override
  protected Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step) {
    Variable<TFloat32> m = slots.zeros("momentum");
    Operand<TFloat32> direction = tf.math.add(
        tf.math.mul(m, tf.constant((float) beta1)),
        tf.math.mul(grad, tf.constant((float) (1 - beta1))));
    Op update = tf.assignSub(var, tf.math.mul(lr, tf.math.sign(direction)));
    Ops after = tf.withControlDependencies(List.of(update));
    return after.assign(
        m,
        after.math.add(
            after.math.mul(m, after.constant((float) beta2)),
            after.math.mul(grad, after.constant((float) (1 - beta2)))));
  }

  @Override
  public Map<String, Object> config() {
    var c = super.config();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    return c;
  }
}
