package io.tfweave.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/** The {@link TrainingControl} of one {@code fit}: stop requests, the learning rate, weights, and the model's view. */
final class FitControl implements TrainingControl {
  private final ModelGraph engine;
  private final Compiled compiled;
  private final int epochs;
  private int steps;
  private final Set<String> keys;
  private final StepGraph graph;
  private boolean stop;
  private int resumeEpoch;

  FitControl(
      ModelGraph engine,
      Compiled compiled,
      int epochs,
      int steps,
      Set<String> keys,
      StepGraph graph) {
    this.engine = engine;
    this.compiled = compiled;
    this.epochs = epochs;
    this.steps = steps;
    this.keys = keys;
    this.graph = graph;
  }

  @Override
  public void requestStop() {
    stop = true;
  }

  @Override
  public boolean stopRequested() {
    return stop;
  }

  @Override
  public int epochs() {
    return epochs;
  }

  @Override
  public int stepsPerEpoch() {
    return steps;
  }

  /** Sets the steps per epoch once a pipeline's first pass has counted them. */
  void stepsPerEpoch(int n) {
    steps = n;
  }

  @Override
  public Set<String> logKeys() {
    return keys;
  }

  @Override
  public double learningRate() {
    checkOptimizer();
    return engine.exclusive(() -> {
      try (Result r =
          engine.session().runner().fetch(graph.optimizer.currentLearningRate()).run()) {
        return (double) ((TFloat32) r.get(0)).getFloat();
      }
    });
  }

  @Override
  public void setLearningRate(double lr) {
    checkOptimizer();
    if (compiled.optimizer() != null && compiled.optimizer().schedule() != null) {
      throw new IllegalStateException("The optimizer's learning rate is driven by a schedule ("
          + compiled.optimizer().schedule().kerasName() + "); it cannot be set by a callback");
    }
    if (!(lr > 0))
      throw new IllegalArgumentException("learning rate must be positive. Received: " + lr);
    engine.setScalar(graph.optimizer.learningRateVariable(), (float) lr);
  }

  private void checkOptimizer() {
    if (graph.optimizer == null) {
      throw new IllegalStateException(
          "This training step applies no optimizer, so it has no learning rate"
              + " (a custom TrainStep's own optimizers are not reached by learning-rate callbacks)");
    }
  }

  @Override
  public List<float[]> weightValues() {
    return engine.readAll(engine.weights());
  }

  @Override
  public void setWeightValues(List<float[]> values) {
    engine.assign(engine.weights(), values);
  }

  @Override
  public boolean isChief() {
    return engine.replicas().isChief();
  }

  @Override
  public boolean saveWeights(Path prefix) {
    return saveWeights(prefix, io.tfweave.internal.CheckpointFiles.MAX_TO_KEEP_DEFAULT);
  }

  /** Checks and saves in one exclusive section, so the weights written are the weights checked. */
  @Override
  public boolean saveWeights(Path prefix, int maxToKeep) {
    if (!isChief()) return false; // only the chief writes (multi-worker training)
    return engine.exclusive(() -> {
      if (!allFinite(engine.readAll(engine.weights()))) return false;
      engine.save(prefix, maxToKeep);
      return true;
    });
  }

  /** True when no value is NaN or infinite. */
  static boolean allFinite(List<float[]> values) {
    for (float[] v : values) {
      for (float f : v) if (!Float.isFinite(f)) return false;
    }
    return true;
  }

  @Override
  public void loadWeights(Path prefix) {
    engine.restore(prefix);
  }

  @Override
  public void resumeAt(int epoch) {
    if (epoch < 0)
      throw new IllegalArgumentException("epoch must be >= 0. Received: epoch=" + epoch);
    resumeEpoch = epoch;
  }

  /** The epoch a callback asked to resume at (0 when none did). */
  int resumeEpoch() {
    return resumeEpoch;
  }

  /**
   * Runs the optimizer's end-of-fit op once training ends (with {@code useEma}: the weights take their averages, Keras's
   * {@code finalize_variable_values}); nothing without one.
   */
  void finalizeOptimizer() {
    for (io.tfweave.optimizers.Optimizer.Built b : graph.optimizers)
      if (b.finalizeWeights() != null) run(b.finalizeWeights());
  }

  @Override
  public void swapEmaWeights() {
    run(emaOp(graph.optimizer == null ? null : graph.optimizer.swapEma()));
  }

  @Override
  public void copyWeightsToEma() {
    run(emaOp(graph.optimizer == null ? null : graph.optimizer.weightsToEma()));
  }

  private Op emaOp(Op op) {
    if (op == null) {
      throw new IllegalStateException("The optimizer (" + compiled.optimizer().name()
          + ") keeps no EMA of the weights: compile with an optimizer with useEma(true)");
    }
    return op;
  }

  private void run(Op op) {
    engine.exclusive(() -> {
      engine.run(engine.session().runner().addTarget(op)).close();
      return null;
    });
  }

  @Override
  public ModelView model() {
    return engine.view();
  }
}
