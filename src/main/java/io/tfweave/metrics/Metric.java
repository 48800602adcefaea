package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A streaming metric with Keras's name and semantics: state accumulates over batches until reset (once per epoch). */
public abstract class Metric {
  /** The log key, e.g. {@code accuracy}, {@code mae}, {@code auc}. */
  public abstract String name();

  /**
   * Adds the metric's state and ops. {@code yTrue} has the same rank as {@code yPred} except for sparse targets;
   * {@code lossKind} is the compiled loss's kind (used to resolve {@code accuracy}).
   */
  public abstract MetricState build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind lossKind);

  /** A zero-initialised float32 state variable of the given shape. */
  protected static Variable<TFloat32> state(Ops tf, String name, long... shape) {
    return tf.withName(name).variable(tf.zeros(tf.constant(shape), TFloat32.class));
  }

  /** State for the mean of per-sample {@code values}: total/count, result total/count (0 when empty). */
  protected static MetricState mean(Ops tf, Operand<TFloat32> values) {
    Variable<TFloat32> total = state(tf, "total");
    Variable<TFloat32> count = state(tf, "count");
    Operand<TFloat32> flat = tf.reshape(values, tf.constant(new int[] {-1}));
    Op up1 = tf.assignAdd(total, tf.sum(flat, tf.constant(0)));
    Op up2 = tf.assignAdd(count, tf.dtypes.cast(tf.size(flat), TFloat32.class));
    return new MetricState(group(tf, List.of(up1, up2)), reset(tf, total, count), divNoNan(tf, total, count));
  }

  /** An op that zeroes all {@code vars}. */
  @SafeVarargs
  protected static Op reset(Ops tf, Variable<TFloat32>... vars) {
    List<Op> ops = new ArrayList<>();
    for (Variable<TFloat32> v : vars) ops.add(tf.assign(v, tf.zerosLike(v)));
    return group(tf, ops);
  }

  /** A no-op that depends on all {@code ops}. */
  protected static Op group(Ops tf, List<Op> ops) { return tf.withControlDependencies(ops).noOp(); }

  /** a / b, or 0 where b is 0. */
  protected static Operand<TFloat32> divNoNan(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.divNoNan(a, b);
  }

  @Override
  public String toString() { return name(); }
}
