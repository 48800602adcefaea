package io.tfweave.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The update of {@link Optimizers.RmsProp} (whose fluent options set these fields). */
abstract class RmsPropUpdate extends Optimizer {
  double rho = 0.9;
  double momentum;
  double epsilon = Optimizers.EPSILON_DEFAULT;
  boolean centered;

  RmsPropUpdate(double lr, LearningRateSchedule s) {
    super(s == null ? lr : 0, s);
  }

  @Override
  public String name() {
    return "RMSprop";
  }

  @Override
  protected Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step) {
    Operand<TFloat32> r = tf.constant((float) rho);
    Operand<TFloat32> m = tf.constant((float) momentum);
    Operand<TFloat32> e = tf.constant((float) epsilon);
    if (centered) {
      return tf.train.applyCenteredRmsProp(
          var, slots.zeros("mg"), slots.zeros("rms"), slots.zeros("momentum"), lr, r, m, e, grad);
    }
    return tf.train.applyRmsProp(
        var, slots.zeros("rms"), slots.zeros("momentum"), lr, r, m, e, grad);
  }

  @Override
  public Map<String, Object> config() {
    var c = super.config();
    c.put("rho", rho);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("centered", centered);
    return c;
  }
}
