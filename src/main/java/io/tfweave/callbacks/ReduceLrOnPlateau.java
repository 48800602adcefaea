package io.tfweave.callbacks;

import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a monitored value has not improved for {@code patience} epochs
 * (Keras's {@code ReduceLROnPlateau}; defaults: val_loss, factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0).
 * Adds {@code learning_rate} to the epoch logs.
 */
public final class ReduceLrOnPlateau implements Callback {
  private final String monitorKey;
  private double factor = 0.1;
  private int patience = 10;
  private double minDelta = 1e-4;
  private int cooldown;
  private double minLr;
  private String mode = "auto";
  private Monitor monitor;
  private TrainingControl control;
  private double best;
  private int wait;
  private int cooldownCounter;

  /** Monitors {@code monitor}, e.g. {@code val_loss}. */
  public ReduceLrOnPlateau(String monitor) {
    this.monitorKey = monitor;
  }

  /** Factor in (0, 1) (default 0.1). */
  public ReduceLrOnPlateau factor(double f) {
    if (!(f > 0 && f < 1))
      throw new IllegalArgumentException("factor must be in (0, 1). Received: factor=" + f);
    this.factor = f;
    return this;
  }

  /** Epochs without improvement before reducing (default 10). */
  public ReduceLrOnPlateau patience(int p) {
    if (p < 0) throw new IllegalArgumentException("patience must be >= 0. Received: patience=" + p);
    this.patience = p;
    return this;
  }

  /** Smallest change that counts as an improvement (default 1e-4). */
  public ReduceLrOnPlateau minDelta(double d) {
    this.minDelta = d;
    return this;
  }

  /** Epochs to wait after a reduction (default 0). */
  public ReduceLrOnPlateau cooldown(int c) {
    this.cooldown = c;
    return this;
  }

  /** Lower bound of the learning rate (default 0). */
  public ReduceLrOnPlateau minLr(double m) {
    this.minLr = m;
    return this;
  }

  /** auto, min or max. */
  public ReduceLrOnPlateau mode(String m) {
    this.mode = m;
    return this;
  }

  @Override
  public void onTrainBegin(TrainingControl c) {
    control = c;
    monitor = new Monitor(monitorKey, mode);
    monitor.check(c, "ReduceLROnPlateau");
    best = monitor.worst();
    wait = 0;
    cooldownCounter = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double current = monitor.value(logs, "ReduceLROnPlateau");
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (monitor.improves(current, best, minDelta)) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      if (wait >= patience) {
        double old = control.learningRate();
        if (old > minLr) {
          control.setLearningRate(Math.max(old * factor, minLr));
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    }
    logs.put("learning_rate", control.learningRate());
  }
}
