package io.tfweave.training;

import java.util.Map;

/**
 * Hooks called during {@code fit} (Keras's {@code Callback}); every hook is a no-op by default. Keep the {@link TrainingControl}
 * given to {@link #onTrainBegin} to stop training ({@code control.requestStop()}) or reach the model's weights, and reset any
 * state there. Logs use Keras's keys ({@code loss}, {@code accuracy}, {@code val_loss}, ...).
 */
public interface Callback {
  /** Training starts; reset state here. */
  default void onTrainBegin(TrainingControl control) {}

  /** Training ended (normally or by a stop request). */
  default void onTrainEnd(Map<String, Double> logs) {}

  /** An epoch (0-based) starts. */
  default void onEpochBegin(int epoch) {}

  /** An epoch ended; {@code logs} holds training and validation results. */
  default void onEpochEnd(int epoch, Map<String, Double> logs) {}

  /**
   * A training batch is about to run. Overriding {@link #onTrainBatchEnd} makes {@code fit} read the running loss and metrics
   * after every batch, which costs a little speed.
   */
  default void onTrainBatchBegin(int batch) {}

  /**
   * True for a callback that only writes files (logs, checkpoints): in multi-worker training the other workers leave it
   * out, so only the chief writes. By default false.
   */
  default boolean chiefOnly() {
    return false;
  }

  /**
   * Whether {@code fit} should read the running loss and metrics after every batch for {@link #onTrainBatchEnd} (one extra
   * fetch per step). By default: when this class overrides {@link #onTrainBatchEnd}.
   */
  default boolean wantsBatchLogs() {
    try {
      return getClass().getMethod("onTrainBatchEnd", int.class, Map.class).getDeclaringClass()
          != Callback.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** A training batch ran; logs hold the running means since the epoch began. */
  default void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

  /** Validation or {@code evaluate} starts. */
  default void onTestBegin() {}

  /** Validation or {@code evaluate} ended with these results. */
  default void onTestEnd(Map<String, Double> logs) {}
}
