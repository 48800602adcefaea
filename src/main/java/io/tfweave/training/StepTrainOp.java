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
      Ops tf,
      ModelGraph model,
      Optimizer optimizer,
      Operand<TFloat32> loss,
      Operand<TFloat32> batch) {
    return build(tf, model, optimizer, loss, batch, false);
  }

  /**
   * As {@link #build(Ops, ModelGraph, Optimizer, Operand, Operand)}; with {@code skipUnreached} the weights the loss does not reach
   * (layers that feed only outputs without a loss) are left out instead of failing, as Keras does.
   */
  static Optimizer.Built build(
      Ops tf,
      ModelGraph model,
      Optimizer optimizer,
      Operand<TFloat32> loss,
      Operand<TFloat32> batch,
      boolean skipUnreached) {
    List<Weight> trainable = model.trainableWeights();
    if (skipUnreached) trainable = reached(tf, model, loss, trainable);
    if (trainable.isEmpty()) {
      throw new IllegalStateException(
          "Model '" + model.view().name() + "' has no trainable weights: every layer is frozen. "
              + "Unfreeze some layers with setTrainable(true) and compile again.");
    }
    // A model that computes in float16 scales its loss (Keras wraps its optimizer in a
    // LossScaleOptimizer).
    CallContext ctx = CallContext.currentOrNull();
    LossScale.Step scaling =
        ctx != null && ctx.usedFloat16() ? MixedPrecision.lossScale().build(tf, loss) : null;
    List<Operand<TFloat32>> grads =
        gradients(tf, model, scaling == null ? loss : scaling.scaledLoss(), trainable);
    if (scaling != null) grads = scaling.unscale(grads);
    Optimizer.Built built = apply(tf, model, optimizer, trainable, grads, batch, scopePrefix(tf));
    return scaling == null ? built : withTrain(built, scaling.finish(built.train()));
  }

  /** {@code built} with {@code train} as its train op. */
  private static Optimizer.Built withTrain(Optimizer.Built built, Op train) {
    return new Optimizer.Built(
        train,
        built.learningRateVariable(),
        built.currentLearningRate(),
        built.iterations(),
        built.finalizeWeights(),
        built.swapEma(),
        built.weightsToEma());
  }

  /** The weights {@code loss} depends on through data edges (the ones that get a gradient). */
  private static List<Weight> reached(
      Ops tf, ModelGraph model, Operand<TFloat32> loss, List<Weight> weights) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.ArrayDeque<GraphOperation> todo = new java.util.ArrayDeque<>();
    todo.add((GraphOperation) loss.op());
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (!seen.add(op.name())) continue;
      for (Operand<?> in : op.inputs()) todo.add((GraphOperation) in.op());
    }
    List<Weight> out = new ArrayList<>();
    for (Weight w : weights) if (seen.contains(model.variable(w).op().name())) out.add(w);
    return out;
  }

  /** The gradients of {@code loss} for {@code weights}; fails naming a weight the loss does not reach. */
  static List<Operand<TFloat32>> gradients(
      Ops tf, ModelGraph model, Operand<TFloat32> loss, List<Weight> weights) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    for (Weight w : weights) vars.add(model.variable(w));
    Gradients g = tf.gradients(loss, vars);
    List<Operand<TFloat32>> grads = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Output<?> dy = g.dy(i);
      if (dy == null) {
        throw new IllegalStateException("Weight '" + model.variableName(weights.get(i))
            + "' gets no gradient from the loss; freeze its layer");
      }
      grads.add(dy.expect(TFloat32.class));
    }
    return grads;
  }

  /** {@code optimizer}'s updates of {@code weights} from {@code grads}, each after the step's reads of its variable. */
  static Optimizer.Built apply(
      Ops tf,
      ModelGraph model,
      Optimizer optimizer,
      List<Weight> weights,
      List<Operand<TFloat32>> grads,
      Operand<TFloat32> batch,
      String stepScope) {
    // With several replicas, every replica applies the gradient of the global batch.
    grads = StepReduce.meanGradients(tf, model.replicas(), grads, batch);
    List<Variable<TFloat32>> vars = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (Weight w : weights) {
      vars.add(model.variable(w));
      paths.add(model.variableName(w));
    }
    return constrained(
        tf, weights, vars, optimizer.build(tf, vars, paths, grads, readers(stepScope, vars)));
  }

  /** The name prefix of the ops of a step built with {@code tf} (call once per step scope). */
  static String scopePrefix(Ops tf) {
    String marker = tf.withName("scope_marker").noOp().op().name();
    return marker.substring(0, marker.length() - "scope_marker".length());
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
    return withTrain(built, tf.withControlDependencies(assigns).noOp());
  }

  /** For each variable, outputs of the ops of this step (forward and backward) that read it. */
  private static List<List<Operand<?>>> readers(String prefix, List<Variable<TFloat32>> vars) {
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
