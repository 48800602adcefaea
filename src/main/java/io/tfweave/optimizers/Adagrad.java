package io.tfweave.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Adagrad} (learning rate 0.001, {@code initial_accumulator_value} 0.1, epsilon 1e-7):
 * {@code a ← a + g²; w ← w − lr·g / √(a + ε)}, on TensorFlow's fused {@code ApplyAdagrad}. Keras puts ε inside the square
 * root, {@code ApplyAdagradV2} outside, so the slot {@code accumulator} holds Keras's accumulator plus ε and the kernel
 * without ε computes exactly Keras's update.
 */
public final class Adagrad extends Optimizer {
  /** Keras's default {@code initial_accumulator_value}. */
  public static final double INITIAL_ACCUMULATOR_VALUE_DEFAULT = 0.1;

  private double initialAccumulatorValue = INITIAL_ACCUMULATOR_VALUE_DEFAULT;
  private double epsilon = Optimizers.EPSILON_DEFAULT;

  Adagrad(double lr, LearningRateSchedule s) {
    super(s == null ? lr : 0, s);
  }

  /** Starting value of the squared-gradient accumulators, at least 0 (default 0.1). */
  public Adagrad initialAccumulatorValue(double v) {
    if (!(v >= 0))
      throw new IllegalArgumentException(
          "initialAccumulatorValue must be >= 0. Received: initialAccumulatorValue=" + v);
    this.initialAccumulatorValue = v;
    return this;
  }

  /** Epsilon, positive (default 1e-7). */
  public Adagrad epsilon(double e) {
    this.epsilon = positive("epsilon", e);
    return this;
  }

  @Override
  public String name() {
    return "Adagrad";
  }

  @Override
  protected Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step) {
    Variable<TFloat32> acc =
        slots.filled("accumulator", (float) (initialAccumulatorValue + epsilon));
    return tf.train.applyAdagrad(var, acc, lr, grad);
  }

  @Override
  public Map<String, Object> config() {
    var c = super.config();
    c.put("initial_accumulator_value", initialAccumulatorValue);
    c.put("epsilon", epsilon);
    return c;
  }
}
