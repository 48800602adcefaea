package io.tfweave.models;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import io.tfweave.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A training or evaluation sub-graph: batches gathered by index from a {@link DataSlot}, the forward pass in the right mode,
 * the loss (plus regularization), metric accumulators, and for training the gradients over the trainable weights only and
 * the optimizer's fused update ops.
 */
final class StepGraph {
  final DataSlot slot;
  final Placeholder<TInt32> indices;
  /** One step that adds its batch to the metric accumulators. */
  final Op step;
  /** One step that restarts the accumulators with its batch (the first step of an epoch or evaluation). */
  final Op firstStep;
  final List<String> names = new ArrayList<>();
  /** Metric values after {@link #step} ran (fetch them in the same run). */
  final List<Operand<TFloat32>> resultsAfterStep = new ArrayList<>();
  /** Metric values after {@link #firstStep} ran. */
  final List<Operand<TFloat32>> resultsAfterFirstStep = new ArrayList<>();
  /** One step that leaves the accumulators alone (an epoch or evaluation of a single batch). */
  final Op onlyStep;
  /** Metric values of the current batch alone (fetch with {@link #onlyStep}). */
  final List<Operand<TFloat32>> resultsOfBatch = new ArrayList<>();
  /** Metric values read from the accumulators (no step). */
  final List<Operand<TFloat32>> results = new ArrayList<>();
  final Optimizer.Built optimizer;
  final Shape targetShape;

  /**
   * The batch inputs as fed-or-gathered tensors: by default gathered from the data slot at {@link #indices}; a fit whose
   * epoch is one fixed batch of all samples feeds the whole data set here instead and skips the gather.
   */
  final List<Operand<?>> wholeBatchInputs = new ArrayList<>();
  /** The batch targets, fed-or-gathered like {@link #wholeBatchInputs}. */
  Operand<TFloat32> wholeBatchTargets;

  private static <T extends org.tensorflow.types.family.TType> Operand<T> withDefault(Ops tf, Operand<T> value, Shape shape) {
    return tf.placeholderWithDefault(value, shape);
  }

  /** For each variable, outputs of the ops of this step (forward and backward) that read it. */
  private static List<List<Operand<?>>> readers(Ops tf, List<Variable<TFloat32>> vars) {
    String marker = tf.withName("scope_marker").noOp().op().name();
    String prefix = marker.substring(0, marker.length() - "scope_marker".length());
    List<List<Operand<?>>> out = new ArrayList<>();
    for (Variable<TFloat32> v : vars) {
      List<Operand<?>> rs = new ArrayList<>();
      for (GraphOperation op : ((GraphOperation) v.op()).consumers()) {
        if (op.name().startsWith(prefix) && op.numOutputs() > 0) rs.add(op.output(0));
      }
      out.add(rs);
    }
    return out;
  }

  StepGraph(Engine engine, Trainer.Compiled c, Shape targetSampleShape, boolean training) {
    Model model = engine.model;
    Ops tf = engine.tf.withSubScope(training ? "train" : "eval");
    this.targetShape = targetSampleShape;
    slot = new DataSlot(tf, "data", model.inputs().stream().map(SymbolicTensor::dtype).toList(), true);
    indices = tf.withName("indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    List<Operand<?>> xs = new ArrayList<>();
    for (int i = 0; i < model.inputs().size(); i++) {
      Shape sample = io.tfweave.shape.Shapes.perSample(model.inputs().get(i).shape());
      Operand<?> gathered = slot.x(tf, i, indices, sample);
      Operand<?> x = withDefault(tf, gathered, gathered.shape());
      wholeBatchInputs.add(x);
      xs.add(x);
    }
    Operand<TFloat32> gatheredY = slot.y(tf, indices, targetSampleShape);
    Operand<TFloat32> yTrue = tf.placeholderWithDefault(gatheredY, gatheredY.shape());
    wholeBatchTargets = yTrue;
    CallMode mode = training ? CallMode.TRAINING : CallMode.INFERENCE;
    try (CallContext ctx = engine.context(tf, mode)) {
      Operand<TFloat32> yPred = Trainer.asFloat(tf, model.forward(tf, xs, mode).get(0));
      Operand<TFloat32> logits = ctx.logitsOf(yPred);
      if (c.loss().kind() != Loss.Kind.SPARSE_CATEGORICAL
          && yTrue.shape().numDimensions() == yPred.shape().numDimensions() - 1) {
        yTrue = tf.expandDims(yTrue, tf.constant(-1));
      }
      Operand<TFloat32> loss = c.loss().compute(tf, yTrue, yPred, logits);
      for (Weight w : model.weights()) {
        if (w.regularizer() != null) loss = tf.math.add(loss, w.regularizer().apply(tf, engine.variable(w)));
      }
      for (Operand<TFloat32> extra : ctx.losses()) loss = tf.math.add(loss, extra);

      List<Op> updates = new ArrayList<>();
      Ops m = tf.withSubScope("metrics");
      Operand<TFloat32> batch = tf.dtypes.cast(tf.size(indices), TFloat32.class);
      List<Metric.Stats> stats = new ArrayList<>();
      stats.add(new Metric.Stats(List.of(m.math.mul(loss, batch), batch), v -> m.math.divNoNan(v.get(0), v.get(1))));
      names.add("loss");
      for (Metric metric : c.metrics()) {
        stats.add(metric.build(m.withSubScope(metric.name()), yTrue, yPred, c.loss().kind()));
        names.add(metric.name());
      }
      List<Op> accumulate = new ArrayList<>();
      List<Op> restart = new ArrayList<>();
      for (Metric.Stats st : stats) {
        List<Operand<TFloat32>> vars = new ArrayList<>();
        List<Operand<TFloat32>> added = new ArrayList<>();
        List<Operand<TFloat32>> started = new ArrayList<>();
        for (Operand<TFloat32> sum : st.batchSums()) {
          long[] shape = sum.shape().asArray();
          for (long d : shape) {
            if (d < 0) throw new IllegalStateException("Metric sums need static shapes, got " + sum.shape() + " in " + names);
          }
          Variable<TFloat32> acc = m.withName("accumulator").variable(m.zeros(m.constant(shape), TFloat32.class));
          vars.add(acc);
          var add = m.assignAdd(acc, sum);
          var set = m.assign(acc, sum);
          accumulate.add(add);
          restart.add(set);
          added.add(add);
          started.add(set);
        }
        results.add(st.result().apply(vars));
        resultsOfBatch.add(resultsOfBatch.isEmpty() ? loss : st.result().apply(st.batchSums()));
        resultsAfterStep.add(st.result().apply(added));
        resultsAfterFirstStep.add(st.result().apply(started));
      }
      if (training) {
        List<Weight> trainable = model.trainableWeights();
        if (trainable.isEmpty()) {
          throw new IllegalStateException("Model '" + model.name() + "' has no trainable weights: every layer is frozen. "
              + "Unfreeze some layers with setTrainable(true) and compile again.");
        }
        List<Variable<TFloat32>> vars = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Weight w : trainable) {
          vars.add(engine.variable(w));
          paths.add(engine.variableName(w));
        }
        Gradients g = tf.gradients(loss, vars);
        List<Operand<TFloat32>> grads = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
          Output<?> dy = g.dy(i);
          if (dy == null) {
            throw new IllegalStateException("Weight '" + paths.get(i) + "' gets no gradient from the loss; freeze its layer");
          }
          grads.add(dy.expect(TFloat32.class));
        }
        optimizer = c.optimizer().build(tf, vars, paths, grads, readers(tf, vars));
        updates.add(optimizer.train());
        updates.addAll(ctx.updates());
      } else {
        optimizer = null;
      }
      List<Op> normal = new ArrayList<>(updates);
      normal.addAll(accumulate);
      List<Op> first = new ArrayList<>(updates);
      first.addAll(restart);
      step = tf.withControlDependencies(normal).noOp();
      onlyStep = updates.isEmpty() ? tf.noOp() : tf.withControlDependencies(updates).noOp();
      firstStep = tf.withControlDependencies(first).noOp();
    }
  }
}
