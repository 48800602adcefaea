package io.tfweave.optimizers;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Nadam} (learning rate 0.001, betas 0.9/0.999, epsilon 1e-7), built from ops and assignments (TensorFlow
 * has no Nadam kernel, and TF Java's framework Nadam freezes its step counter). With {@code μₜ = β₁(1 − ½·0.96ᵗ)} and the
 * optimizer-wide product {@code Πₜ = Πₜ₋₁·μₜ} (variable {@code optimizer/u_product}):
 * {@code m ← m + (g−m)(1−β₁); v ← v + (g²−v)(1−β₂); m̂ = μₜ₊₁m/(1−Πₜμₜ₊₁) + (1−μₜ)g/(1−Πₜ); v̂ = v/(1−β₂ᵗ);
 * w ← w − lr·m̂/(√v̂ + ε)}, slots {@code momentum} and {@code velocity}.
 */
public final class Nadam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = Optimizers.EPSILON_DEFAULT;
  private Operand<TFloat32> uT;
  private Operand<TFloat32> uT1;
  private Operand<TFloat32> productT;
  private Operand<TFloat32> productT1;
  private Operand<TFloat32> beta2Power;

  Nadam(double lr, LearningRateSchedule s) {
    super(s == null ? lr : 0, s);
  }

  static double beta(String name, double b) {
    if (!(b >= 0 && b < 1))
      throw new IllegalArgumentException(name + " must be in [0, 1). Received: " + name + "=" + b);
    return b;
  }

  /** First-moment decay in [0, 1) (default 0.9). */
  public Nadam beta1(double b) {
    this.beta1 = beta("beta1", b);
    return this;
  }

  /** Second-moment decay in [0, 1) (default 0.999). */
  public Nadam beta2(double b) {
    this.beta2 = beta("beta2", b);
    return this;
  }

  /** Epsilon, positive (default 1e-7). */
  public Nadam epsilon(double e) {
    this.epsilon = positive("epsilon", e);
    return this;
  }

  @Override
  public String name() {
    return "Nadam";
  }

  @Override
  protected void prepare(Ops tf, Operand<TFloat32> lr, Operand<TFloat32> step, Globals globals) {
    Variable<TFloat32> product = globals.scalar("u_product", 1f);
    Operand<TFloat32> b1 = tf.constant((float) beta1);
    Operand<TFloat32> decay = tf.constant(0.96f);
    Operand<TFloat32> half = tf.constant(0.5f);
    Operand<TFloat32> one = tf.constant(1f);
    uT = tf.math.mul(b1, tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, step))));
    Operand<TFloat32> next = tf.math.add(step, one);
    uT1 = tf.math.mul(b1, tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, next))));
    productT = tf.assign(product, tf.math.mul(product, uT));
    productT1 = tf.math.mul(productT, uT1);
    beta2Power = tf.math.pow(tf.constant((float) beta2), step);
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
    Variable<TFloat32> v = slots.zeros("velocity");
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> mNew =
        tf.assignAdd(m, tf.math.mul(tf.math.sub(grad, m), tf.constant((float) (1 - beta1))));
    Operand<TFloat32> vNew = tf.assignAdd(
        v, tf.math.mul(tf.math.sub(tf.math.square(grad), v), tf.constant((float) (1 - beta2))));
    Operand<TFloat32> mHat = tf.math.add(
        tf.math.div(tf.math.mul(uT1, mNew), tf.math.sub(one, productT1)),
        tf.math.div(tf.math.mul(tf.math.sub(one, uT), grad), tf.math.sub(one, productT)));
    Operand<TFloat32> vHat = tf.math.div(vNew, tf.math.sub(one, beta2Power));
    Operand<TFloat32> delta = tf.math.div(
        tf.math.mul(mHat, lr), tf.math.add(tf.math.sqrt(vHat), tf.constant((float) epsilon)));
    return tf.withControlDependencies(List.of(UpdateGraph.asOp(mNew), UpdateGraph.asOp(vNew)))
        .assignSub(var, delta);
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
