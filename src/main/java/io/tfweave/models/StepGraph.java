package io.tfweave.models;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import io.tfweave.metrics.MetricState;
import io.tfweave.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
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
  final Op step;
  final Op reset;
  final List<String> names = new ArrayList<>();
  final List<Operand<TFloat32>> results = new ArrayList<>();
  final Optimizer.Built optimizer;
  final Shape targetShape;

  StepGraph(Engine engine, Trainer.Compiled c, Shape targetSampleShape, boolean training) {
    Model model = engine.model;
    Ops tf = engine.tf.withSubScope(training ? "train" : "eval");
    this.targetShape = targetSampleShape;
    slot = new DataSlot(tf, "data", model.inputs().stream().map(SymbolicTensor::dtype).toList(), true);
    indices = tf.withName("indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    List<Operand<?>> xs = new ArrayList<>();
    for (int i = 0; i < model.inputs().size(); i++) {
      Shape sample = io.tfweave.shape.Shapes.perSample(model.inputs().get(i).shape());
      xs.add(slot.x(tf, i, indices, sample));
    }
    Operand<TFloat32> yTrue = slot.y(tf, indices, targetSampleShape);
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
      List<Op> resets = new ArrayList<>();
      Ops m = tf.withSubScope("metrics");
      Operand<TFloat32> batch = tf.dtypes.cast(tf.size(indices), TFloat32.class);
      Variable<TFloat32> total = m.withName("loss_total").variable(m.constant(0f));
      Variable<TFloat32> count = m.withName("loss_count").variable(m.constant(0f));
      updates.add(m.assignAdd(total, m.math.mul(loss, batch)));
      updates.add(m.assignAdd(count, batch));
      resets.add(m.assign(total, m.constant(0f)));
      resets.add(m.assign(count, m.constant(0f)));
      names.add("loss");
      results.add(m.math.divNoNan(total, count));
      for (Metric metric : c.metrics()) {
        MetricState s = metric.build(m.withSubScope(metric.name()), yTrue, yPred, c.loss().kind());
        updates.add(s.update());
        resets.add(s.reset());
        names.add(metric.name());
        results.add(s.result());
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
        optimizer = c.optimizer().build(tf, vars, paths, grads);
        updates.add(optimizer.train());
        updates.addAll(ctx.updates());
      } else {
        optimizer = null;
      }
      step = tf.withControlDependencies(updates).noOp();
      reset = tf.withControlDependencies(resets).noOp();
    }
  }
}
