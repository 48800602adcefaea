package io.tfweave.callbacks;

import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model's weights as a TensorFlow checkpoint after each epoch (Keras's {@code ModelCheckpoint} with
 * {@code save_weights_only=True}). The path may contain {@code {epoch}} or {@code {epoch:02d}} (1-based, as Keras). With
 * {@link #saveBestOnly} it saves only when the monitored value improves (default monitor {@code val_loss}).
 *
 * <p>Every save is crash-safe ({@code Model.saveWeights}: a fresh checkpoint made current by one atomic rename of
 * {@code <path>.checkpoint}; up to {@link #maxToKeep} are kept, default 1), so a process killed during a save leaves
 * the previous checkpoint loadable with {@code model.loadWeights(path)}.
 *
 * <p>Unlike Keras, it never writes non-finite weights: before each save it checks the epoch's {@code loss} and every weight
 * value, and skips the save (counted by {@link #skippedNonFinite()}) when any is NaN or infinite, for instance at the end
 * of an epoch that {@link TerminateOnNaN} stopped. The last good checkpoint is never overwritten by a diverged model.
 */
public final class ModelCheckpoint implements Callback {
  private static final Pattern EPOCH = Pattern.compile("\\{epoch(?::0?(\\d+)d)?}");
  private final String filepath;
  private String monitorKey = "val_loss";
  private String mode = "auto";
  private boolean saveBestOnly;
  private int maxToKeep = io.tfweave.internal.CheckpointFiles.MAX_TO_KEEP_DEFAULT;
  private int skipped;
  private Monitor monitor;
  private TrainingControl control;
  private double best;
  private int saves;

  /** Saves to {@code filepath} (a checkpoint prefix). */
  public ModelCheckpoint(String filepath) {
    this.filepath = filepath;
  }

  /** The monitored key (default val_loss). */
  public ModelCheckpoint monitor(String key) {
    this.monitorKey = key;
    return this;
  }

  /** auto, min or max. */
  public ModelCheckpoint mode(String m) {
    this.mode = m;
    return this;
  }

  /** How many checkpoints to keep under one path (default 1: each save replaces the previous one, atomically). */
  public ModelCheckpoint maxToKeep(int n) {
    this.maxToKeep = io.tfweave.internal.Checks.positive("maxToKeep", n);
    return this;
  }

  /** Save only when the monitored value improves. */
  public ModelCheckpoint saveBestOnly(boolean b) {
    this.saveBestOnly = b;
    return this;
  }

  /** Writes files: in multi-worker training only the chief runs it. */
  @Override
  public boolean chiefOnly() {
    return true;
  }

  @Override
  public void onTrainBegin(TrainingControl c) {
    control = c;
    monitor = new Monitor(monitorKey, mode);
    if (saveBestOnly) monitor.check(c, "ModelCheckpoint");
    best = monitor.worst();
    saves = 0;
    skipped = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Double loss = logs.get("loss");
    if (loss != null && !Double.isFinite(loss)) {
      skipped++; // the epoch diverged: its weights are not worth a checkpoint
      return;
    }
    if (saveBestOnly) {
      double current = monitor.value(logs, "ModelCheckpoint");
      if (!Double.isFinite(current) || !monitor.improves(current, best, 0)) return;
      if (!control.saveWeights(Path.of(pathFor(epoch)), maxToKeep)) {
        skipped++;
        return;
      }
      best = current;
      saves++;
      return;
    }
    if (control.saveWeights(Path.of(pathFor(epoch)), maxToKeep)) saves++;
    else skipped++;
  }

  /** The checkpoint prefix used for 0-based {@code epoch}. */
  public String pathFor(int epoch) {
    Matcher m = EPOCH.matcher(filepath);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String width = m.group(1);
      String v = width == null
          ? Integer.toString(epoch + 1)
          : String.format("%0" + width + "d", epoch + 1);
      m.appendReplacement(b, v);
    }
    m.appendTail(b);
    return b.toString();
  }

  /** How many checkpoints were written in the last fit. */
  public int saves() {
    return saves;
  }

  /** How many saves the last fit skipped because the loss or a weight was NaN or infinite. */
  public int skippedNonFinite() {
    return skipped;
  }
}
