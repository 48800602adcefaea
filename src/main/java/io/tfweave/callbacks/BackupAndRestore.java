package io.tfweave.callbacks;

import io.tfweave.internal.AtomicFiles;
import io.tfweave.internal.CheckpointFiles;
import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backs up the training state at the end of every epoch and, when a run was interrupted (the process killed or crashed),
 * restores it when {@code fit} starts again, which then continues with the epoch after the last backup (Keras's
 * {@code BackupAndRestore}). The backup is a crash-safe checkpoint ({@code Model.saveWeights}) of the weights and the
 * optimizer's state under {@code <backupDir>/epoch-<e>}; the previous epoch's is deleted once the new one is complete, so a
 * kill at any instant leaves the last completed epoch restorable. Together with the shuffle replay of
 * {@code FitOptions.initialEpoch}, an interrupted and resumed run gives the same result as an uninterrupted one under the
 * same seed (layers with random masks, such as Dropout, excepted: their random state is not saved).
 *
 * <p>A diverged epoch (NaN or infinite weights) is not backed up. When {@code fit} completes (all epochs, or a stop
 * request), the backup is deleted unless {@link #deleteCheckpoint deleteCheckpoint(false)}. Call {@code fit} with the same
 * {@code epochs} after a restart; use one backup directory per training run.
 */
public final class BackupAndRestore implements Callback {
  private static final Pattern STATE = Pattern.compile("epoch-(\\d{1,9})\\.checkpoint");
  private final Path dir;
  private boolean deleteCheckpoint = true;
  private TrainingControl control;
  private int restoredEpoch = -1;
  private boolean completed;

  /** Backs up into {@code backupDir} (created when needed). */
  public BackupAndRestore(Path backupDir) {
    if (backupDir == null) throw new IllegalArgumentException("backupDir must not be null");
    this.dir = backupDir;
  }

  /** Whether to delete the backup when fit completes (default true, as Keras's {@code delete_checkpoint}). */
  public BackupAndRestore deleteCheckpoint(boolean delete) {
    this.deleteCheckpoint = delete;
    return this;
  }

  @Override
  public void onTrainBegin(TrainingControl c) {
    control = c;
    completed = false;
    restoredEpoch = latest();
    if (restoredEpoch >= 0) {
      c.loadWeights(prefix(restoredEpoch));
      c.resumeAt(restoredEpoch + 1);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (control.saveWeights(prefix(epoch))) deleteBefore(epoch); // false but on the chief
    if (epoch == control.epochs() - 1 || control.stopRequested()) completed = true;
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    // also reached when fit fails (the finally of the epoch loop): then the backup is kept for the
    // next attempt
    if ((completed || control.stopRequested()) && deleteCheckpoint && control.isChief())
      deleteBefore(Integer.MAX_VALUE);
  }

  /** The epoch (0-based) whose backup the last fit restored, or -1 when it started from scratch. */
  public int restoredEpoch() {
    return restoredEpoch;
  }

  private Path prefix(int epoch) {
    return dir.resolve("epoch-" + epoch);
  }

  /** The newest epoch with a complete backup, or -1. */
  private int latest() {
    int best = -1;
    if (!Files.isDirectory(dir)) return best;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "epoch-*.checkpoint")) {
      for (Path p : ds) {
        Matcher m = STATE.matcher(p.getFileName().toString());
        if (!m.matches()) continue;
        int e = Integer.parseInt(m.group(1));
        if (e <= best) continue;
        try {
          CheckpointFiles.resolve(prefix(e));
          best = e;
        } catch (IllegalArgumentException damaged) {
          // a state file pointing to a deleted checkpoint: not restorable, an older one is used
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list the backups in " + dir + ": " + e.getMessage(), e);
    }
    return best;
  }

  /** Deletes the backups of epochs before {@code epoch} (their state files first, then their checkpoint files). */
  private void deleteBefore(int epoch) {
    if (!Files.isDirectory(dir)) return;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "epoch-*")) {
      for (Path p : ds) {
        Matcher m =
            Pattern.compile("epoch-(\\d{1,9})[.-].*").matcher(p.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(1)) < epoch) AtomicFiles.deleteTree(p);
      }
      if (epoch == Integer.MAX_VALUE) Files.deleteIfExists(dir.resolve("checkpoint"));
    } catch (IOException e) {
      // best effort: an old backup left behind is deleted after the next epoch
    }
  }
}
