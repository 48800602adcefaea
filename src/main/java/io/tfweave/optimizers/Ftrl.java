package io.tfweave.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Ftrl} (learning rate 0.001, {@code learning_rate_power} −0.5, {@code initial_accumulator_value} 0.1, L1,
 * L2, L2-shrinkage and beta 0) on TensorFlow's fused {@code ApplyFtrlV2}, slots {@code accumulator} and {@code linear};
 * Keras's {@code beta} enters as {@code l2 + beta/(2·lr)}, as in Keras.
 */
public final class Ftrl extends Optimizer {
  private double learningRatePower = -0.5;
  private double initialAccumulatorValue = 0.1;
  private double l1;
  private double l2;
  private double l2Shrinkage;
  private double beta;

  Ftrl(double lr, LearningRateSchedule s) {
    super(s == null ? lr : 0, s);
  }

  private static double nonNegative(String name, double v) {
    if (!(v >= 0))
      throw new IllegalArgumentException(name + " must be >= 0. Received: " + name + "=" + v);
    return v;
  }

  /** How the rate falls as the accumulator grows, at most 0 (default −0.5; 0 is a fixed rate). */
  public Ftrl learningRatePower(double p) {
    if (!(p <= 0))
      throw new IllegalArgumentException(
          "learningRatePower must be <= 0. Received: learningRatePower=" + p);
    this.learningRatePower = p;
    return this;
  }

  /** Starting value of the accumulators, at least 0 (default 0.1). */
  public Ftrl initialAccumulatorValue(double v) {
    this.initialAccumulatorValue = nonNegative("initialAccumulatorValue", v);
    return this;
  }

  /** L1 regularisation strength, at least 0 (default 0). */
  public Ftrl l1RegularizationStrength(double v) {
    this.l1 = nonNegative("l1RegularizationStrength", v);
    return this;
  }

  /** L2 regularisation strength, at least 0 (default 0). */
  public Ftrl l2RegularizationStrength(double v) {
    this.l2 = nonNegative("l2RegularizationStrength", v);
    return this;
  }

  /** L2 shrinkage (a magnitude penalty on the gradient side), at least 0 (default 0). */
  public Ftrl l2ShrinkageRegularizationStrength(double v) {
    this.l2Shrinkage = nonNegative("l2ShrinkageRegularizationStrength", v);
    return this;
  }

  /** Keras's {@code beta}, at least 0 (default 0). */
  public Ftrl beta(double v) {
    this.beta = nonNegative("beta", v);
    return this;
  }

  @Override
  public String name() {
    return "Ftrl";
  }

  @Override
  protected Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step) {
    Operand<TFloat32> l2Total = tf.math.add(
        tf.constant((float) l2),
        tf.math.div(tf.constant((float) beta), tf.math.mul(tf.constant(2f), lr)));
    return tf.train.applyFtrl(
        var,
        slots.filled("accumulator", (float) initialAccumulatorValue),
        slots.zeros("linear"),
        grad,
        lr,
        tf.constant((float) l1),
        l2Total,
        tf.constant((float) l2Shrinkage),
        tf.constant((float) learningRatePower));
  }

  @Override
  public Map<String, Object> config() {
    var c = super.config();
    c.put("learning_rate_power", learningRatePower);
    c.put("initial_accumulator_value", initialAccumulatorValue);
    c.put("l1_regularization_strength", l1);
    c.put("l2_regularization_strength", l2);
    c.put("l2_shrinkage_regularization_strength", l2Shrinkage);
    c.put("beta", beta);
    return c;
  }
}
