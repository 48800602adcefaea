package io.tfweave.training;

import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The metric part of a step graph: in-graph accumulators of per-batch sums for the loss and each compiled metric, the ops
 * that add a batch to them or restart them with it, and the values to fetch after each kind of step.
 */
final class StepMetrics {
  final List<String> names = new ArrayList<>();
  /** Adds the batch to the accumulators. */
  final List<Op> accumulate = new ArrayList<>();
  /** Restarts the accumulators with the batch. */
  final List<Op> restart = new ArrayList<>();
  /** Values after an accumulating step (fetch them in the same run). */
  final List<Operand<TFloat32>> afterStep = new ArrayList<>();
  /** Values after a restarting step. */
  final List<Operand<TFloat32>> afterFirstStep = new ArrayList<>();
  /** Values of the current batch alone. */
  final List<Operand<TFloat32>> ofBatch = new ArrayList<>();
  /** Values read from the accumulators (no step). */
  final List<Operand<TFloat32>> results = new ArrayList<>();

  StepMetrics(
      Ops tf,
      Replicas replicas,
      Compiled c,
      Operand<TFloat32> loss,
      Operand<TFloat32> yTrue,
      Operand<TFloat32> yPred,
      Operand<TFloat32> batch,
      Operand<TFloat32> sampleWeights) {
    Ops m = tf.withSubScope("metrics");
    List<Metric.Stats> stats = new ArrayList<>();
    List<String> statNames = new ArrayList<>();
    Operand<TFloat32> reported = scalar(m, loss);
    stats.add(mean(m, reported, batch));
    statNames.add("loss");
    Loss.Kind kind = c.loss().kind();
    for (Metric metric : c.metrics()) {
      stats.add(metric.build(m.withSubScope(metric.name()), yTrue, yPred, kind));
      statNames.add(metric.name());
    }
    for (Metric metric : c.weightedMetrics()) {
      String name = statNames.contains(metric.name()) ? "weighted_" + metric.name() : metric.name();
      Operand<TFloat32> w = sampleWeights != null ? sampleWeights : unitWeights(m, yTrue);
      stats.add(metric.buildWeighted(m.withSubScope(name), yTrue, yPred, kind, w));
      statNames.add(name);
    }
    accumulators(m, replicas, statNames, stats, reported);
  }

  /**
   * Accumulators for {@code loss} (logged as {@code loss}; none when null) and the named statistics {@code stats} (a
   * multi-output step's per-output losses and metrics, or a custom step's logs).
   */
  StepMetrics(
      Ops tf,
      Replicas replicas,
      Operand<TFloat32> loss,
      Operand<TFloat32> batch,
      List<String> statNames,
      List<Metric.Stats> stats) {
    Ops m = tf.withSubScope("metrics");
    List<Metric.Stats> all = new ArrayList<>();
    List<String> allNames = new ArrayList<>();
    Operand<TFloat32> reported = loss == null ? null : scalar(m, loss);
    if (reported != null) {
      all.add(mean(m, reported, batch));
      allNames.add("loss");
    }
    all.addAll(stats);
    allNames.addAll(statNames);
    accumulators(m, replicas, allNames, all, reported);
  }

  /** Weight 1 for each sample of {@code yTrue}: what an unweighted batch gives a weighted metric. */
  static Operand<TFloat32> unitWeights(Ops m, Operand<TFloat32> yTrue) {
    return m.fill(
        m.slice(m.shape(yTrue), m.constant(new int[] {0}), m.constant(new int[] {1})),
        m.constant(1f));
  }

  /** A loss with reduction "none" is a vector: logged as its mean, as Keras's loss tracker does. */
  static Operand<TFloat32> scalar(Ops m, Operand<TFloat32> loss) {
    return loss.shape().numDimensions() == 0
        ? loss
        : m.math.mean(m.reshape(loss, m.constant(new int[] {-1})), m.constant(0));
  }

  /** The batch-size-weighted mean of a per-batch scalar over an epoch (how the loss is logged). */
  static Metric.Stats mean(Ops m, Operand<TFloat32> value, Operand<TFloat32> batch) {
    Operand<TFloat32> v = scalar(m, value);
    return new Metric.Stats(
        List.of(m.math.mul(v, batch), batch), s -> m.math.divNoNan(s.get(0), s.get(1)));
  }

  /** {@code reported}: the loss logged first (the batch's value is fetched as is on a single-batch step), or null. */
  private void accumulators(
      Ops m,
      Replicas replicas,
      List<String> statNames,
      List<Metric.Stats> stats,
      Operand<TFloat32> reported) {
    boolean reduced = replicas.count() > 1;
    if (reduced) stats = reduce(m, replicas, stats);
    for (int k = 0; k < stats.size(); k++) {
      Metric.Stats st = stats.get(k);
      List<Operand<TFloat32>> vars = new ArrayList<>();
      List<Operand<TFloat32>> added = new ArrayList<>();
      List<Operand<TFloat32>> started = new ArrayList<>();
      for (Operand<TFloat32> sum : st.batchSums()) {
        long[] shape = sum.shape().asArray();
        for (long d : shape) {
          if (d < 0)
            throw new IllegalStateException(
                "Metric sums need static shapes, got " + sum.shape() + " in " + statNames);
        }
        Variable<TFloat32> acc =
            m.withName("accumulator").variable(m.zeros(m.constant(shape), TFloat32.class));
        vars.add(acc);
        var add = m.assignAdd(acc, sum);
        var set = m.assign(acc, sum);
        accumulate.add(add);
        restart.add(set);
        added.add(add);
        started.add(set);
      }
      // a vector-valued metric (F1Score with average none, Precision at several thresholds) logs
      // one key per entry
      Operand<TFloat32> result = st.result().apply(vars);
      List<String> keys = Metric.logKeys(statNames.get(k), result);
      names.addAll(keys);
      results.addAll(Metric.values(m, result, keys.size()));
      ofBatch.addAll(
          k == 0 && reported != null && !reduced
              ? List.of(reported)
              : Metric.values(m, st.result().apply(st.batchSums()), keys.size()));
      afterStep.addAll(Metric.values(m, st.result().apply(added), keys.size()));
      afterFirstStep.addAll(Metric.values(m, st.result().apply(started), keys.size()));
    }
  }

  /** {@code stats} with their batch sums summed over the replicas (one all-reduce for all). */
  private static List<Metric.Stats> reduce(Ops m, Replicas replicas, List<Metric.Stats> stats) {
    List<Operand<TFloat32>> all = new ArrayList<>();
    for (Metric.Stats st : stats) all.addAll(st.batchSums());
    List<Operand<TFloat32>> summed = StepReduce.sums(m, replicas, all);
    List<Metric.Stats> out = new ArrayList<>();
    int at = 0;
    for (Metric.Stats st : stats) {
      int k = st.batchSums().size();
      out.add(new Metric.Stats(summed.subList(at, at + k), st.result()));
      at += k;
    }
    return out;
  }

  /** The values to fetch with a step of {@code kind}. */
  List<Operand<TFloat32>> after(StepKind kind) {
    return switch (kind) {
      case FIRST -> afterFirstStep;
      case NEXT -> afterStep;
      case ONLY -> ofBatch;
    };
  }
}
