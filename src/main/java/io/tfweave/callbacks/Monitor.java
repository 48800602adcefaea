package io.tfweave.callbacks;

import io.tfweave.training.TrainingControl;
import java.util.Map;

/** A monitored log value with Keras's {@code mode} rules (min for losses, max for accuracy-like keys in {@code auto}). */
final class Monitor {
  private final String key;
  private final String mode;

  Monitor(String key, String mode) {
    if (!mode.equals("auto") && !mode.equals("min") && !mode.equals("max")) {
      throw new IllegalArgumentException(
          "mode must be one of auto, min, max. Received: mode=" + mode);
    }
    this.key = key;
    this.mode = mode;
  }

  String key() {
    return key;
  }

  /** True when larger values are better. */
  boolean maximize() {
    if (mode.equals("max")) return true;
    if (mode.equals("min")) return false;
    String k = key.startsWith("val_") ? key.substring(4) : key;
    return k.contains("acc") || k.equals("auc") || k.equals("precision") || k.equals("recall");
  }

  /** Fails at the start of training when the key will never appear in the logs. */
  void check(TrainingControl control, String callback) {
    if (!control.logKeys().contains(key)) {
      throw new IllegalArgumentException(callback + " monitors '" + key
          + "', which this fit does not log. Available: " + control.logKeys()
          + (key.startsWith("val_") ? ". Hint: pass validation data or validationSplit." : ""));
    }
  }

  /** The monitored value in {@code logs}. */
  double value(Map<String, Double> logs, String callback) {
    Double v = logs.get(key);
    if (v == null)
      throw new IllegalArgumentException(
          callback + " monitors '" + key + "'; available: " + logs.keySet());
    return v;
  }

  /** Whether {@code current} improves on {@code best} by more than {@code minDelta}. */
  boolean improves(double current, double best, double minDelta) {
    return maximize() ? current > best + minDelta : current < best - minDelta;
  }

  double worst() {
    return maximize() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }
}
