package io.tfweave.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/** The update of {@link Optimizers.Sgd} (whose fluent options set these fields). */
abstract class SgdUpdate extends Optimizer {
  double momentum;
  boolean nesterov;

  SgdUpdate(double lr, LearningRateSchedule s) {
    super(s == null ? lr : 0, s);
  }

  @Override
  public String name() {
    return "SGD";
  }

  @Override
  protected Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step) {
    if (momentum == 0) return tf.train.applyGradientDescent(var, lr, grad);
    return tf.train.applyMomentum(
        var,
        slots.zeros("momentum"),
        lr,
        grad,
        tf.constant((float) momentum),
        ApplyMomentum.useNesterov(nesterov));
  }

  @Override
  public Map<String, Object> config() {
    var c = super.config();
    c.put("momentum", momentum);
    c.put("nesterov", nesterov);
    return c;
  }
}
