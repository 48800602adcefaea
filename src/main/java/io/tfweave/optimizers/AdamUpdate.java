package io.tfweave.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The update of {@link Optimizers.Adam} (whose fluent options set these fields), on {@code ApplyAdam}. */
abstract class AdamUpdate extends Optimizer {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = Optimizers.EPSILON_DEFAULT;
  private final boolean adamW;
  private Operand<TFloat32> beta1Power;
  private Operand<TFloat32> beta2Power;

  AdamUpdate(double lr, LearningRateSchedule s, boolean adamW) {
    super(s == null ? lr : 0, s);
    this.adamW = adamW;
  }

  @Override
  public String name() {
    return adamW ? "AdamW" : "Adam";
  }

  @Override
  protected void prepare(Ops tf, Operand<TFloat32> lr, Operand<TFloat32> step) {
    beta1Power = tf.math.pow(tf.constant((float) beta1), step);
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
    return tf.train.applyAdam(
        var,
        slots.zeros("m"),
        slots.zeros("v"),
        beta1Power,
        beta2Power,
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
    c.put("amsgrad", false);
    return c;
  }
}
