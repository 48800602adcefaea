package io.tfweave.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A learning rate that depends on the optimizer's step counter ({@code iterations}), evaluated inside the graph. */
public interface LearningRateSchedule {
  /** The rate at {@code step} as graph ops. */
  Operand<TFloat32> value(Ops tf, Operand<TFloat32> step);

  /** The same rate computed in Java (for logs and tests). */
  double valueAt(long step);

  /** Keras's class name. */
  String kerasName();

  /** Keras's config. */
  Map<String, Object> config();
}
