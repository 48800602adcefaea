package io.tfweave.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What a callback may do to a running {@code fit}: stop it, read or set weights and the learning rate, save weights. */
public interface TrainingControl {
  /** Asks {@code fit} to stop after the current batch/epoch (a request, never an exception). */
  void requestStop();

  /** True once a stop was requested. */
  boolean stopRequested();

  /** The number of epochs {@code fit} was asked for. */
  int epochs();

  /** Batches per epoch; -1 while a pipeline's length is unknown (during its first pass). */
  int stepsPerEpoch();

  /** The log keys this run produces ({@code loss}, metric names, and {@code val_} variants when validating). */
  Set<String> logKeys();

  /** The current learning rate. */
  double learningRate();

  /** Sets the learning rate (fails for optimizers driven by a schedule, as in Keras). */
  void setLearningRate(double lr);

  /** A copy of all weights of the model (row-major arrays, model order). */
  List<float[]> weightValues();

  /** Restores weights taken with {@link #weightValues()}. */
  void setWeightValues(List<float[]> values);

  /**
   * Saves the weights to a TensorFlow checkpoint at {@code prefix}, crash-safely (as {@code Model.saveWeights}), unless a
   * weight is NaN or infinite: then nothing is written, so a poisoned state never replaces a good checkpoint.
   *
   * @return true when the checkpoint was written, false when it was skipped for non-finite weights
   */
  boolean saveWeights(Path prefix);

  /**
   * True on the process that writes files: always for one process; in multi-worker training the chief only. Callbacks
   * that write files themselves skip it elsewhere ({@link #saveWeights} writes nothing there and returns false).
   */
  default boolean isChief() {
    return true;
  }

  /** As {@link #saveWeights(Path)}, keeping the newest {@code maxToKeep} checkpoints under {@code prefix}. */
  boolean saveWeights(Path prefix, int maxToKeep);

  /** Restores weights (and saved optimizer state) from a checkpoint, as {@code Model.loadWeights}. */
  void loadWeights(Path prefix);

  /**
   * Asks {@code fit} to start at epoch {@code epoch} instead of its {@code initialEpoch} (call from {@code onTrainBegin}, after
   * restoring the state of the epochs before it; {@code BackupAndRestore} does).
   */
  void resumeAt(int epoch);

  /**
   * Exchanges the weights with the optimizer's moving averages (for an optimizer with {@code useEma(true)}; see {@code
   * io.tfweave.callbacks.SwapEmaWeights}); fails otherwise.
   */
  default void swapEmaWeights() {
    throw new UnsupportedOperationException("swapEmaWeights is not supported by " + getClass());
  }

  /** Sets the optimizer's moving averages to the current weights (as {@link #swapEmaWeights}, for an EMA optimizer). */
  default void copyWeightsToEma() {
    throw new UnsupportedOperationException("copyWeightsToEma is not supported by " + getClass());
  }

  /** A typed view of the model being trained: name, weights and their values, graph. */
  ModelView model();
}
