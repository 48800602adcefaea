package io.tfweave.training;

import io.tfweave.constraints.Constraint;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.Weight;
import io.tfweave.mixedprecision.LossScale;
import io.tfweave.mixedprecision.MixedPrecision;
import io.tfweave.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The training part of a step graph: gradients of the loss over the trainable weights only, and the optimizer's fused
 * updates, each made to wait for the step's ops that read its variable (so training is deterministic under a seed), then
 * the weights' constraints; for a model that computes in float16, with dynamic loss scaling (a step whose gradients are
 * not all finite is skipped).
 */
final class StepTrainOp {
  private StepTrainOp() {}

  static Optimizer.Built build(
      Ops tf, ModelGraph model, Optimizer optimizer, Operand<TFloat32> loss) {
    List<Weight> trainable = model.trainableWeights();
    if (trainable.isEmpty()) {
      throw new IllegalStateException(
          "Model '" + model.view().name() + "' has no trainable weights: every layer is frozen. "
              + "Unfreeze some layers with setTrainable(true) and compile again.");
    }
    List<Variable<TFloat32>> vars = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (Weight w : trainable) {
      vars.add(model.variable(w));
      paths.add(model.variableName(w));
    }
    // A model that computes in float16 scales its loss (Keras wraps its optimizer in a
    // LossScaleOptimizer).
    CallContext ctx = CallContext.currentOrNull();
    LossScale.Step scaling =
        ctx != null && ctx.usedFloat16() ? MixedPrecision.lossScale().build(tf, loss) : null;
    Gradients g = tf.gradients(scaling == null ? loss : scaling.scaledLoss(), vars);
    List<Operand<TFloat32>> grads = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Output<?> dy = g.dy(i);
      if (dy == null) {
        throw new IllegalStateException(
            "Weight '" + paths.get(i) + "' gets no gradient from the loss; freeze its layer");
      }
      grads.add(dy.expect(TFloat32.class));
    }
    if (scaling != null) grads = scaling.unscale(grads);
    Optimizer.Built built = constrained(
        tf, trainable, vars, optimizer.build(tf, vars, paths, grads, readers(tf, vars)));
    if (scaling == null) return built;
    return new Optimizer.Built(
        scaling.finish(built.train()),
        built.learningRateVariable(),
        built.currentLearningRate(),
        built.iterations());
  }

  /**
   * Keras applies each weight's constraint after the optimizer's update: here an assign of {@code constraint(var)} to
   * {@code var} that waits for the update, and a train op that waits for those assigns (same step, same session run).
   */
  private static Optimizer.Built constrained(
      Ops tf, List<Weight> weights, List<Variable<TFloat32>> vars, Optimizer.Built built) {
    List<Op> assigns = new ArrayList<>();
    Ops after = tf.withSubScope("constraints").withControlDependencies(List.of(built.train()));
    for (int i = 0; i < weights.size(); i++) {
      Constraint c = weights.get(i).constraint();
      if (c != null) assigns.add(after.assign(vars.get(i), c.apply(after, vars.get(i))));
    }
    if (assigns.isEmpty()) return built;
    Op train = tf.withControlDependencies(assigns).noOp();
    return new Optimizer.Built(
        train, built.learningRateVariable(), built.currentLearningRate(), built.iterations());
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
}
