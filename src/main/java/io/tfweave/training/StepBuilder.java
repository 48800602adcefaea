package io.tfweave.training;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Layer;
import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import io.tfweave.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a {@link TrainStep} builds one step with: the batch, forward passes in the step's mode, losses, gradients,
 * optimizer updates and logged values. Every update of the step waits for every read of its variables in the step, so all
 * losses and gradients of one step see the weights as the step began (a GAN's discriminator and generator updates are
 * simultaneous). Logged values are averaged over the epoch weighted by batch size, as {@code loss} is.
 */
public final class StepBuilder {
  private final Ops tf;
  private final ModelGraph model;
  private final CallContext ctx;
  private final boolean training;
  private final List<Operand<?>> inputs;
  private final Operand<TFloat32> targets;
  private final Operand<TFloat32> batch;
  final List<String> logNames = new ArrayList<>();
  final List<Metric.Stats> logStats = new ArrayList<>();
  final List<Op> updates = new ArrayList<>();
  final List<Optimizer.Built> optimizers = new ArrayList<>();
  private final String scope;
  private final List<Pending> pending = new ArrayList<>();
  private final Set<Weight> applied = new LinkedHashSet<>();
  private List<Operand<?>> outputs;

  StepBuilder(
      Ops tf,
      ModelGraph model,
      CallContext ctx,
      boolean training,
      List<Operand<?>> inputs,
      Operand<TFloat32> targets,
      Operand<TFloat32> batch) {
    this.tf = tf;
    this.model = model;
    this.ctx = ctx;
    this.training = training;
    this.inputs = List.copyOf(inputs);
    this.targets = targets;
    this.batch = batch;
    this.scope = StepTrainOp.scopePrefix(tf);
  }

  /** The op factory of the step (its name scope). */
  public Ops tf() {
    return tf;
  }

  /** True in a training step, false in an evaluation step. */
  public boolean training() {
    return training;
  }

  /** What the model is: its name, weights and trainable weights. */
  public ModelView model() {
    return model.view();
  }

  /** The model's trainable weights (frozen layers' left out). */
  public List<Weight> trainableWeights() {
    return model.trainableWeights();
  }

  /** The trainable weights of {@code layer} (a layer or nested model of this model). */
  public List<Weight> trainableWeights(Layer layer) {
    return layer.trainableWeights();
  }

  /** The batch's inputs, one per model input. */
  public List<Operand<?>> inputs() {
    return inputs;
  }

  /** The batch's first input as float32. */
  public Operand<TFloat32> input() {
    return input(0);
  }

  /** The batch's input {@code i} as float32. */
  public Operand<TFloat32> input(int i) {
    return Trainer.asFloat(tf, inputs.get(i));
  }

  /** The batch's targets; fails when {@code fit} was given none. */
  public Operand<TFloat32> targets() {
    if (targets == null) {
      throw new IllegalStateException(
          "This fit has no targets (y); give the data targets or do not read them in the step");
    }
    return targets;
  }

  /** The number of samples in the batch, as float32. */
  public Operand<TFloat32> batchSize() {
    return batch;
  }

  /** The model's outputs on the batch's inputs (one forward pass, built on first use, in the step's mode). */
  public List<Operand<?>> outputs() {
    if (outputs == null) outputs = model.forward(tf, inputs, mode());
    return outputs;
  }

  /** Output {@code i} of the model on the batch, as float32. */
  public Operand<TFloat32> output(int i) {
    return Trainer.asFloat(tf, outputs().get(i));
  }

  /**
   * The model's outputs followed by the outputs of the named inner layers, from one forward pass on {@code xs} (for losses
   * on intermediate activations).
   */
  public List<Operand<?>> forward(List<Operand<?>> xs, List<String> layerOutputs) {
    return model.forward(tf, xs, mode(), layerOutputs);
  }

  /** {@code layer} (a layer or nested model of this model, so its weights are the model's) called on {@code xs}. */
  public List<Operand<?>> call(Layer layer, List<Operand<?>> xs) {
    return call(layer, xs, training);
  }

  /** {@code layer} called on {@code xs} in training ({@code true}) or inference mode. */
  public List<Operand<?>> call(Layer layer, List<Operand<?>> xs, boolean inTraining) {
    return layer.invoke(tf, xs, inTraining ? CallMode.TRAINING : CallMode.INFERENCE);
  }

  /** {@code layer}'s first output on one input, as float32. */
  public Operand<TFloat32> call(Layer layer, Operand<?> x) {
    return Trainer.asFloat(tf, call(layer, List.of(x)).get(0));
  }

  /** {@code loss} of a batch (mean over the batch, Keras's {@code sum_over_batch_size}); logits are used when known. */
  public Operand<TFloat32> loss(Loss loss, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TFloat32> aligned = StepLoss.alignTargets(tf, loss, yTrue, yPred);
    return StepLoss.head(tf, loss, ctx, aligned, yPred, null);
  }

  /** The weights' regularization plus the losses the layers added so far in this step (activity regularizers). */
  public Operand<TFloat32> regularization() {
    return StepLoss.withExtras(tf, model, ctx, tf.constant(0f));
  }

  /**
   * Ones shaped like {@code x}, as constant targets (TensorFlow's C++ gradients have no {@code OnesLike}: the result is
   * behind {@code StopGradient}, so a loss on it differentiates).
   */
  public Operand<TFloat32> onesLike(Operand<TFloat32> x) {
    return tf.stopGradient(tf.onesLike(x));
  }

  /** Zeros shaped like {@code x}, as constant targets (see {@link #onesLike}). */
  public Operand<TFloat32> zerosLike(Operand<TFloat32> x) {
    return tf.stopGradient(tf.zerosLike(x));
  }

  /** {@code a + b}. */
  public Operand<TFloat32> add(Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.add(a, b);
  }

  /** The gradients of {@code loss} with respect to {@code weights}. */
  public List<Operand<TFloat32>> gradients(Operand<TFloat32> loss, List<Weight> weights) {
    return StepTrainOp.gradients(tf, model, loss, weights);
  }

  /**
   * Adds {@code optimizer}'s update of {@code weights} from {@code grads} (in a training step; nothing in an evaluation
   * step). Each optimizer keeps its own slots and step counter; use one optimizer object per group of weights.
   */
  public void applyGradients(
      Optimizer optimizer, List<Weight> weights, List<Operand<TFloat32>> grads) {
    if (!training) return;
    if (weights.size() != grads.size()) {
      throw new IllegalArgumentException("applyGradients got " + weights.size() + " weights and "
          + grads.size() + " gradients: give one gradient per weight");
    }
    for (Weight w : weights) {
      if (!applied.add(w)) {
        throw new IllegalArgumentException("Weight '" + model.variableName(w)
            + "' gets two updates in one step: each weight may be given to one applyGradients");
      }
    }
    pending.add(new Pending(optimizer, List.copyOf(weights), List.copyOf(grads)));
  }

  private record Pending(
      Optimizer optimizer, List<Weight> weights, List<Operand<TFloat32>> grads) {}

  /**
   * Builds the optimizers' updates once the step's ops are all there, so that each update waits for every read of its
   * variables in the step (a later gradient reads weights too).
   */
  void finish() {
    for (Pending p : pending) {
      Optimizer.Built built =
          StepTrainOp.apply(tf, model, p.optimizer(), p.weights(), p.grads(), batch, scope);
      optimizers.add(built);
      updates.add(built.train());
    }
    pending.clear();
  }

  /** The gradients of {@code loss} for {@code weights} applied by {@code optimizer} (Keras's {@code optimizer.minimize}). */
  public void minimize(Optimizer optimizer, Operand<TFloat32> loss, List<Weight> weights) {
    if (!training) return;
    applyGradients(optimizer, weights, gradients(loss, weights));
  }

  /** Logs the scalar {@code value} as {@code name}: its batch-size-weighted mean over the epoch. */
  public void log(String name, Operand<TFloat32> value) {
    checkName(name);
    logNames.add(name);
    logStats.add(StepMetrics.mean(
        tf.withSubScope("metrics"), tf.reshape(value, tf.constant(new int[0])), batch));
  }

  /** Logs {@code metric} of {@code yTrue} and {@code yPred} under its name, accumulated over the epoch as compiled metrics are. */
  public void log(Metric metric, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
    checkName(metric.name());
    logNames.add(metric.name());
    logStats.add(
        metric.build(tf.withSubScope("metrics").withSubScope(metric.name()), yTrue, yPred, kind));
  }

  private void checkName(String name) {
    if (name == null || name.isEmpty() || logNames.contains(name)) {
      throw new IllegalArgumentException("Log names must be unique and non-empty. Received: '"
          + name + "'; logged so far: " + logNames);
    }
  }

  private CallMode mode() {
    return training ? CallMode.TRAINING : CallMode.INFERENCE;
  }
}
