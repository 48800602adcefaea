package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Mean}: the (weighted) mean of values the user supplies, e.g. a GAN's generator loss in a custom
 * training step. Not fed from targets and predictions: {@link #stats} / {@link #update} take the value tensor. As Keras,
 * a value {@code [batch, ...]} is first averaged per sample, and each sample weighs 1 (or its sample weight).
 */
public final class Mean extends Metric {
  private final String name;

  Mean(String name) {
    this.name = Metrics.checkName(name);
  }

  @Override
  public String name() {
    return name;
  }

  /** The sums of one batch of {@code values} (a scalar counts as one sample): {@code total} and {@code count}. */
  public Stats stats(Ops tf, Operand<TFloat32> values) {
    Operand<TFloat32> perSample = perSample(tf, values);
    return Metric.mean(tf, perSample);
  }

  /** As {@link #stats(Ops, Operand)} with per-sample weights {@code [batch]}: {@code Σ w v / Σ w}. */
  public Stats stats(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sampleWeight) {
    Operand<TFloat32> v = perSample(tf, values);
    Operand<TFloat32> w =
        tf.math.mul(tf.onesLike(v), tf.reshape(sampleWeight, tf.constant(new int[] {-1})));
    return new Stats(
        java.util.List.of(sumAll(tf, tf.math.mul(v, w)), sumAll(tf, w)),
        s -> tf.math.divNoNan(s.get(0), s.get(1)));
  }

  /** Accumulators for {@code values} under {@code tf}: run {@link MetricState#update()} each step. */
  public MetricState update(Ops tf, Operand<TFloat32> values) {
    return new MetricState(tf.withSubScope(name), stats(tf, values));
  }

  private static Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> values) {
    int rank = values.shape().numDimensions();
    if (rank == 0) return tf.reshape(values, tf.constant(new int[] {1}));
    if (rank == 1) return values;
    int[] axes = new int[rank - 1];
    for (int i = 0; i < axes.length; i++) axes[i] = i + 1;
    return tf.math.mean(values, tf.constant(axes));
  }

  /** Fails: a Mean has no targets to read; feed it from a custom training step with {@link #update}. */
  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind lossKind) {
    throw new IllegalStateException(
        "Metric '" + name + "' (Mean) averages values you supply, not targets and predictions. "
            + "Fix: update it from a custom training step with mean.update(tf, value), or compile a metric "
            + "such as Metrics.meanAbsoluteError().");
  }
}
