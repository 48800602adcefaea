package io.tfweave.callbacks;

import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored value stops improving (Keras's {@code EarlyStopping}); optionally restores the weights of
 * the best epoch when it stops. Defaults: monitor {@code val_loss}, patience 0, minDelta 0, mode auto, no baseline.
 */
public final class EarlyStopping implements Callback {
  private final String monitorKey;
  private int patience;
  private double minDelta;
  private String mode = "auto";
  private Double baseline;
  private boolean restoreBestWeights;
  private Monitor monitor;
  private TrainingControl control;
  private int wait;
  private double best;
  private int bestEpoch;
  private int stoppedEpoch = -1;
  private List<float[]> bestWeights;

  /** Monitors {@code monitor}, e.g. {@code val_loss}. */
  public EarlyStopping(String monitor) {
    this.monitorKey = monitor;
  }

  /** Epochs without improvement before stopping (default 0). */
  public EarlyStopping patience(int p) {
    if (p < 0) throw new IllegalArgumentException("patience must be >= 0. Received: patience=" + p);
    this.patience = p;
    return this;
  }

  /** Smallest change that counts as an improvement (default 0). */
  public EarlyStopping minDelta(double d) {
    this.minDelta = Math.abs(d);
    return this;
  }

  /** auto, min or max (default auto). */
  public EarlyStopping mode(String m) {
    this.mode = m;
    new Monitor(monitorKey, m);
    return this;
  }

  /** Stop unless the value beats this baseline within {@code patience} epochs. */
  public EarlyStopping baseline(double b) {
    this.baseline = b;
    return this;
  }

  /** Restore the best epoch's weights when stopping (default false). */
  public EarlyStopping restoreBestWeights(boolean r) {
    this.restoreBestWeights = r;
    return this;
  }

  @Override
  public void onTrainBegin(TrainingControl c) {
    control = c;
    monitor = new Monitor(monitorKey, mode);
    monitor.check(c, "EarlyStopping");
    wait = 0;
    best = monitor.worst();
    bestEpoch = 0;
    stoppedEpoch = -1;
    bestWeights = null;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double current = monitor.value(logs, "EarlyStopping");
    if (restoreBestWeights && bestWeights == null) bestWeights = control.weightValues();
    wait++;
    if (monitor.improves(current, best, minDelta)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) bestWeights = control.weightValues();
      if (baseline == null || monitor.improves(current, baseline, 0)) {
        wait = 0;
        return;
      }
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      control.requestStop();
      if (restoreBestWeights && bestWeights != null) control.setWeightValues(bestWeights);
    }
  }

  /** The epoch at which training was stopped, or -1. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The best epoch seen. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best monitored value seen. */
  public double best() {
    return best;
  }
}
