package io.tfweave.training;

import io.tfweave.graph.CallContext;
import io.tfweave.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The loss and metrics of a multi-output step: each output with a loss gets its columns of the packed targets
 * ({@link Targets}), its own loss (weighted by its sample weights, if any) and metrics; the total loss is the sum of the
 * outputs' losses times their loss weights plus regularization, as Keras's. Logs: {@code loss}, then per output
 * {@code <name>_loss} and {@code <name>_<metric>}.
 */
final class StepHeads {
  private StepHeads() {}

  /** The step's total loss and its metric accumulators. */
  record Built(Operand<TFloat32> loss, StepMetrics metrics) {}

  static Built build(
      Ops tf,
      ModelGraph model,
      Compiled c,
      CallContext ctx,
      List<Operand<?>> outputs,
      Operand<TFloat32> packed,
      Targets.Layout layout,
      Operand<TFloat32> batch) {
    Ops m = tf.withSubScope("heads");
    Operand<TFloat32> total = null;
    List<String> names = new ArrayList<>();
    List<Metric.Stats> stats = new ArrayList<>();
    List<String> metricNames = new ArrayList<>();
    List<Metric.Stats> metricStats = new ArrayList<>();
    for (Targets.Part p : layout.parts()) {
      OutputSpec spec = c.outputs().get(p.output());
      Operand<TFloat32> yPred = Trainer.asFloat(m, outputs.get(p.output()));
      Operand<TFloat32> yTrue =
          columns(m, packed, p.offset(), p.width(), p.sampleShape().asArray());
      Operand<TFloat32> w =
          p.weightColumn() < 0 ? null : columns(m, packed, p.weightColumn(), 1, new long[0]);
      Operand<TFloat32> loss = StepLoss.head(m, spec.loss(), ctx, yTrue, yPred, w);
      Operand<TFloat32> weighted = m.math.mul(loss, m.constant((float) spec.weight()));
      total = total == null ? weighted : m.math.add(total, weighted);
      names.add(spec.name() + "_loss");
      stats.add(StepMetrics.mean(m, loss, batch));
      Ops scope = m.withSubScope(spec.name());
      for (Metric metric : spec.metrics()) {
        metricNames.add(spec.name() + "_" + metric.name());
        metricStats.add(metric.build(
            scope.withSubScope(metric.name()), yTrue, yPred, spec.loss().kind()));
      }
      for (Metric metric : spec.weightedMetrics()) {
        String name = spec.name() + "_"
            + (spec.metrics().stream().anyMatch(x -> x.name().equals(metric.name()))
                ? "weighted_" + metric.name()
                : metric.name());
        Operand<TFloat32> sw = w != null ? w : StepMetrics.unitWeights(m, yTrue);
        metricNames.add(name);
        metricStats.add(metric.buildWeighted(
            scope.withSubScope("weighted_" + metric.name()),
            yTrue,
            yPred,
            spec.loss().kind(),
            sw));
      }
    }
    total = StepLoss.withExtras(m, model, ctx, total);
    names.addAll(metricNames);
    stats.addAll(metricStats);
    return new Built(total, new StepMetrics(tf, model.replicas(), total, batch, names, stats));
  }

  /** Columns {@code [offset, offset + width)} of the packed batch, shaped {@code [batch, sampleShape...]}. */
  private static Operand<TFloat32> columns(
      Ops tf, Operand<TFloat32> packed, int offset, int width, long[] sampleShape) {
    Operand<TFloat32> cut =
        tf.slice(packed, tf.constant(new int[] {0, offset}), tf.constant(new int[] {-1, width}));
    int[] dims = new int[sampleShape.length + 1];
    dims[0] = -1;
    for (int i = 0; i < sampleShape.length; i++) dims[i + 1] = (int) sampleShape[i];
    return tf.reshape(cut, tf.constant(dims));
  }
}
