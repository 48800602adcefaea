package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Sum}: the (weighted) sum of values the user supplies, e.g. a count of events in a custom training step.
 * Not fed from targets and predictions: {@link #stats} / {@link #update} take the value tensor.
 */
public final class Sum extends Metric {
  private final String name;

  Sum(String name) {
    this.name = Metrics.checkName(name);
  }

  @Override
  public String name() {
    return name;
  }

  /** The sum of one batch of {@code values}, all entries. */
  public Stats stats(Ops tf, Operand<TFloat32> values) {
    return new Stats(List.of(sumAll(tf, values)), s -> s.get(0));
  }

  /** As {@link #stats(Ops, Operand)} with per-sample weights {@code [batch]} spread over each sample's entries. */
  public Stats stats(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sampleWeight) {
    int rank = values.shape().numDimensions();
    int[] dims = new int[Math.max(rank, 1)];
    java.util.Arrays.fill(dims, 1);
    dims[0] = -1;
    Operand<TFloat32> w = tf.reshape(sampleWeight, tf.constant(dims));
    return new Stats(List.of(sumAll(tf, tf.math.mul(values, w))), s -> s.get(0));
  }

  /** Accumulators for {@code values} under {@code tf}: run {@link MetricState#update()} each step. */
  public MetricState update(Ops tf, Operand<TFloat32> values) {
    return new MetricState(tf.withSubScope(name), stats(tf, values));
  }

  /** Fails: a Sum has no targets to read; feed it from a custom training step with {@link #update}. */
  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind lossKind) {
    throw new IllegalStateException(
        "Metric '" + name + "' (Sum) adds up values you supply, not targets and predictions. "
            + "Fix: update it from a custom training step with sum.update(tf, value).");
  }
}
