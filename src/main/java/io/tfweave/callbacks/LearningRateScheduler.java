package io.tfweave.callbacks;

import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Sets the learning rate at the start of every epoch from {@code schedule(epoch, currentRate)} (Keras's
 * {@code LearningRateScheduler}); adds {@code learning_rate} to the epoch logs.
 */
public final class LearningRateScheduler implements Callback {
  private final BiFunction<Integer, Double, Double> schedule;
  private TrainingControl control;

  /** Uses {@code schedule(epoch, lr)} → new lr (epochs are 0-based). */
  public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule) {
    this.schedule = schedule;
  }

  @Override
  public void onTrainBegin(TrainingControl c) {
    control = c;
  }

  @Override
  public void onEpochBegin(int epoch) {
    Double lr = schedule.apply(epoch, control.learningRate());
    if (lr == null || !(lr > 0) || lr.isInfinite()) {
      throw new IllegalArgumentException(
          "LearningRateScheduler: the schedule must return a positive finite rate. Received: " + lr
              + " at epoch " + epoch);
    }
    control.setLearningRate(lr);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("learning_rate", control.learningRate());
  }
}
