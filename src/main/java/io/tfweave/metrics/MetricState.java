package io.tfweave.metrics;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A metric's accumulators in a graph, for code that runs its own steps (a custom training step, a test): variables
 * holding the sums of {@link Metric.Stats#batchSums()}, with ops that add one batch, restart with one batch, or reset,
 * and the value read from them. {@code fit} keeps its compiled metrics the same way.
 *
 * <pre>{@code
 * Mean genLoss = Metrics.mean("gen_loss");
 * MetricState s = genLoss.update(tf, lossTensor);   // variables + ops, built once
 * session.runner().addTarget(s.update()).run();     // each step
 * float value = ... fetch(s.result()) ...;          // any time; reset() at an epoch's start
 * }</pre>
 */
public final class MetricState {
  private final List<Variable<TFloat32>> accumulators = new ArrayList<>();
  private final Op update;
  private final Op restart;
  private final Op reset;
  private final Operand<TFloat32> result;
  private final Operand<TFloat32> resultAfterUpdate;

  /** Creates the accumulators (zero) of {@code stats} under {@code tf}'s scope; every sum needs a static shape. */
  public MetricState(Ops tf, Metric.Stats stats) {
    List<Operand<TFloat32>> added = new ArrayList<>();
    List<Op> adds = new ArrayList<>();
    List<Op> sets = new ArrayList<>();
    List<Op> zeros = new ArrayList<>();
    for (Operand<TFloat32> sum : stats.batchSums()) {
      if (sum.shape().isUnknown()
          || java.util.Arrays.stream(sum.shape().asArray()).anyMatch(d -> d < 0))
        throw new IllegalArgumentException("Metric sums need static shapes, got " + sum.shape()
            + ". Fix: reshape the value to a known shape before updating the metric.");
      Operand<TFloat32> zero = tf.zeros(tf.constant(sum.shape().asArray()), TFloat32.class);
      Variable<TFloat32> acc = tf.withName("accumulator").variable(zero);
      accumulators.add(acc);
      var add = tf.assignAdd(acc, sum);
      added.add(add);
      adds.add(add);
      sets.add(tf.assign(acc, sum));
      zeros.add(tf.assign(acc, zero));
    }
    update = tf.withControlDependencies(adds).noOp();
    restart = tf.withControlDependencies(sets).noOp();
    reset = tf.withControlDependencies(zeros).noOp();
    result = stats.result().apply(new ArrayList<>(accumulators));
    resultAfterUpdate = stats.result().apply(added);
  }

  /** Adds the batch to the accumulators (Keras's {@code update_state}). */
  public Op update() {
    return update;
  }

  /** Sets the accumulators to the batch alone (a reset and an update in one op). */
  public Op restart() {
    return restart;
  }

  /** Sets the accumulators to zero (Keras's {@code reset_state}). */
  public Op reset() {
    return reset;
  }

  /** The value from the accumulators (Keras's {@code result()}); fetching it runs no update. */
  public Operand<TFloat32> result() {
    return result;
  }

  /** The value after adding the batch: fetching it runs {@link #update()} in the same graph run. */
  public Operand<TFloat32> resultAfterUpdate() {
    return resultAfterUpdate;
  }
}
