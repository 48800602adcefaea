package io.tfweave.training;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A training or evaluation sub-graph: batches fed from in-memory arrays ({@link HostBatches}) or read from a pipeline's
 * iterator, the forward pass in the right mode,
 * the loss ({@link StepLoss}), metric accumulators ({@link StepMetrics}) and for training the update ops ({@link
 * StepTrainOp}).
 */
final class StepGraph {
  /** The fed sample weights ({@code [batch]}) of an in-memory step weighted per sample, else null. */
  final Placeholder<TFloat32> sampleWeights;

  final StepMetrics metrics;
  final Optimizer.Built optimizer;
  /** Every optimizer the step applies (a custom step may apply several; the first is {@link #optimizer}). */
  final List<Optimizer.Built> optimizers = new ArrayList<>();

  final Shape targetShape;
  /** The packed targets' layout of a multi-output compile, or null. */
  final Targets.Layout layout;
  /** The loss weights, or null for an unweighted loss. */
  final StepWeights weights;

  private final Op next;
  private final Op first;
  private final Op only;

  /** The batch inputs: placeholders fed by {@link HostBatches}, or a pipeline iterator's outputs. */
  final List<Operand<?>> wholeBatchInputs = new ArrayList<>();
  /** The batch targets, fed or read like {@link #wholeBatchInputs}. */
  final Operand<TFloat32> wholeBatchTargets;

  StepGraph(ModelGraph model, Compiled c, Shape targetSampleShape, boolean training) {
    this(model, c, targetSampleShape, training, null, null, null, null);
  }

  /** An in-memory step graph of a multi-output compile whose packed targets lie as {@code layout} says. */
  StepGraph(ModelGraph model, Compiled c, Targets.Layout layout, boolean training) {
    this(model, c, layout.sampleShape(), training, null, null, null, layout);
  }

  /** An in-memory step graph whose loss is weighted by {@code weights} (class weights; see {@link StepWeights}). */
  StepGraph(
      ModelGraph model,
      Compiled c,
      Shape targetSampleShape,
      boolean training,
      StepWeights weights) {
    this(model, c, targetSampleShape, training, null, null, weights, null);
  }

  /**
   * A step graph whose batches come from {@code streamInputs} and {@code streamTargets} (a pipeline iterator's outputs,
   * one per model input, in the model's dtypes) instead of fed placeholders.
   */
  StepGraph(
      ModelGraph model,
      Compiled c,
      Shape targetSampleShape,
      boolean training,
      List<Operand<?>> streamInputs,
      Operand<TFloat32> streamTargets,
      StepWeights weights) {
    this(model, c, targetSampleShape, training, streamInputs, streamTargets, weights, null);
  }

  private StepGraph(
      ModelGraph model,
      Compiled c,
      Shape targetSampleShape,
      boolean training,
      List<Operand<?>> streamInputs,
      Operand<TFloat32> streamTargets,
      StepWeights weights,
      Targets.Layout layout) {
    this.weights = weights;
    this.layout = layout;
    boolean stream = streamInputs != null;
    Ops tf = model.tf().withSubScope((training ? "train" : "eval") + (stream ? "_stream" : ""));
    this.targetShape = targetSampleShape;
    Operand<TFloat32> batch;
    if (stream) {
      sampleWeights = null;
      wholeBatchInputs.addAll(streamInputs);
      wholeBatchTargets = streamTargets;
    } else {
      for (int i = 0; i < model.inputs().size(); i++) {
        SymbolicTensor in = model.inputs().get(i);
        wholeBatchInputs.add(tf.withName("x" + i)
            .placeholder(
                in.dtype().feedType(),
                Placeholder.shape(Shapes.batched(Shapes.perSample(in.shape())))));
      }
      wholeBatchTargets = tf.withName("y")
          .placeholder(TFloat32.class, Placeholder.shape(Shapes.batched(targetSampleShape)));
      boolean fedWeights = weights != null && weights.fromSlot();
      sampleWeights = fedWeights
          ? tf.withName("sample_weight")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)))
          : null;
      if (fedWeights) weights.sample(sampleWeights);
    }
    batch = tf.dtypes.cast(
        tf.gather(tf.shape(wholeBatchTargets), tf.constant(0), tf.constant(0)), TFloat32.class);
    CallMode mode = training ? CallMode.TRAINING : CallMode.INFERENCE;
    try (CallContext ctx = model.context(tf, mode)) {
      List<Variable<TInt64>> randomStep = new ArrayList<>(1);
      if (training) {
        ctx.randomStepSource(() -> {
          randomStep.add(tf.withName("random_step").variable(tf.constant(0L)));
          return randomStep.get(0);
        });
      }
      List<Op> updates = new ArrayList<>();
      if (c.step() != null) {
        StepBuilder sb =
            new StepBuilder(tf, model, ctx, training, wholeBatchInputs, wholeBatchTargets, batch);
        if (training) c.step().train(sb);
        else c.step().test(sb);
        sb.finish();
        metrics = new StepMetrics(tf, model.replicas(), null, batch, sb.logNames, sb.logStats);
        optimizer = sb.optimizers.isEmpty() ? null : sb.optimizers.get(0);
        optimizers.addAll(sb.optimizers);
        updates.addAll(sb.updates);
      } else {
        Operand<TFloat32> loss;
        if (layout != null) {
          StepHeads.Built heads = StepHeads.build(
              tf,
              model,
              c,
              ctx,
              model.forward(tf, wholeBatchInputs, mode),
              wholeBatchTargets,
              layout,
              batch);
          loss = heads.loss();
          metrics = heads.metrics();
        } else {
          Operand<TFloat32> yPred =
              Trainer.asFloat(tf, model.forward(tf, wholeBatchInputs, mode).get(0));
          Operand<TFloat32> yTrue = StepLoss.alignTargets(tf, c.loss(), wholeBatchTargets, yPred);
          Operand<TFloat32> sampleWeights =
              weights == null ? null : weights.build(tf, c.loss(), yTrue);
          loss = StepLoss.build(tf, model, c.loss(), ctx, yTrue, yPred, sampleWeights);
          metrics =
              new StepMetrics(tf, model.replicas(), c, loss, yTrue, yPred, batch, sampleWeights);
        }
        optimizer = training
            ? StepTrainOp.build(tf, model, c.optimizer(), loss, batch, layout != null)
            : null;
        if (optimizer != null) optimizers.add(optimizer);
        if (optimizer != null) updates.add(optimizer.train());
      }
      if (training) {
        updates.addAll(ctx.updates());
        if (!randomStep
            .isEmpty()) { // the next step draws anew, once every draw of this one is done
          List<Op> drawn = new ArrayList<>(ctx.randomDraws());
          drawn.addAll(updates);
          updates.add(
              tf.withControlDependencies(drawn).assignAdd(randomStep.get(0), tf.constant(1L)));
        }
      }
      List<Op> normal = new ArrayList<>(updates);
      normal.addAll(metrics.accumulate);
      List<Op> restarting = new ArrayList<>(updates);
      restarting.addAll(metrics.restart);
      next = tf.withControlDependencies(normal).noOp();
      only = updates.isEmpty() ? tf.noOp() : tf.withControlDependencies(updates).noOp();
      first = tf.withControlDependencies(restarting).noOp();
    }
  }

  /** The step op of {@code kind}. */
  Op step(StepKind kind) {
    return switch (kind) {
      case FIRST -> first;
      case NEXT -> next;
      case ONLY -> only;
    };
  }

  /** The log names: {@code loss}, then the metrics'. */
  List<String> names() {
    return metrics.names;
  }
}
