package io.tfweave.callbacks;

import io.tfweave.graph.Weight;
import io.tfweave.training.Callback;
import io.tfweave.training.ModelView;
import io.tfweave.training.TrainingControl;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Writes TensorBoard logs during {@code fit} (Keras's {@code TensorBoard} callback): event files under {@code logDir/train}
 * and {@code logDir/validation} that {@code tensorboard --logdir logDir} reads.
 * <pre>{@code
 * model.fit(data, FitOptions.epochs(20).validationSplit(0.2)
 *     .callbacks(new TensorBoard(Path.of("logs/run1")).histogramFreq(1)));
 * }</pre>
 * What is written, with Keras's tags:
 * <ul>
 *   <li>every epoch, in {@code train/}: {@code epoch_loss}, {@code epoch_<metric>} and {@code epoch_learning_rate}, at step
 *       {@code epoch} (0-based);</li>
 *   <li>every epoch with validation, in {@code validation/}: the {@code val_} logs without the prefix ({@code epoch_loss},
 *       {@code epoch_<metric>}) and {@code evaluation_<name>_vs_iterations} at the number of batches trained so far;</li>
 *   <li>with {@link #updateFreq(String) updateFreq("batch")} (or every {@code n} batches), in {@code train/}: the running
 *       means {@code batch_loss}, {@code batch_<metric>} at the 1-based global batch number;</li>
 *   <li>with {@link #histogramFreq(int) histogramFreq(n)}: a histogram of every weight, tag
 *       {@code <model>/<layer>/<weight>/histogram}, every {@code n} epochs starting with epoch 0;</li>
 *   <li>with {@link #writeGraph(boolean) writeGraph(true)} (the default): the model's training graph, once.</li>
 * </ul>
 * Files are written by TensorFlow's summary ops ({@code CreateSummaryFileWriter}, {@code WriteScalarSummary}, ...) and
 * flushed at the end of every epoch; everything is closed when training ends.
 */
public final class TensorBoard implements Callback {
  /** Keras's default: scalars once per epoch. */
  public static final String UPDATE_FREQ_DEFAULT = "epoch";
  /** Keras's default: no weight histograms. */
  public static final int HISTOGRAM_FREQ_DEFAULT = 0;
  /** Keras's default: write the graph. */
  public static final boolean WRITE_GRAPH_DEFAULT = true;

  static final String TRAIN = "train";
  static final String VALIDATION = "validation";
  private static final String VAL_PREFIX = "val_";

  private final Path logDir;
  private int updateEvery;
  private int histogramFreq = HISTOGRAM_FREQ_DEFAULT;
  private boolean writeGraph = WRITE_GRAPH_DEFAULT;

  private TrainingControl control;
  private SummaryFiles files;
  private long trainedBatches;

  /** Logs to {@code logDir}, which is created if needed. */
  public TensorBoard(Path logDir) {
    this.logDir = Objects.requireNonNull(logDir, "logDir must not be null");
  }

  /**
   * How often batch-level scalars are written: {@code "epoch"} (default, none) or {@code "batch"} (after every batch).
   * Batch-level logs cost one extra read of the running metrics per batch.
   */
  public TensorBoard updateFreq(String freq) {
    if ("epoch".equals(freq)) updateEvery = 0;
    else if ("batch".equals(freq)) updateEvery = 1;
    else
      throw new IllegalArgumentException(
          "updateFreq must be \"epoch\", \"batch\" or a positive number of batches. "
              + "Received: updateFreq=" + freq);
    return this;
  }

  /** Writes batch-level scalars every {@code batches} batches (Keras's integer {@code update_freq}). */
  public TensorBoard updateFreq(int batches) {
    if (batches <= 0) {
      throw new IllegalArgumentException(
          "updateFreq must be \"epoch\", \"batch\" or a positive number of batches. "
              + "Received: updateFreq=" + batches);
    }
    updateEvery = batches;
    return this;
  }

  /** Writes weight histograms every {@code n} epochs; 0 (default) writes none. */
  public TensorBoard histogramFreq(int n) {
    if (n < 0)
      throw new IllegalArgumentException(
          "histogramFreq must be >= 0 (0 disables histograms). Received: histogramFreq=" + n);
    histogramFreq = n;
    return this;
  }

  /** Whether to write the model's graph to {@code train/} when training begins (default true). */
  public TensorBoard writeGraph(boolean write) {
    writeGraph = write;
    return this;
  }

  /** The log directory. */
  public Path logDir() {
    return logDir;
  }

  /** Writes files: in multi-worker training only the chief runs it. */
  @Override
  public boolean chiefOnly() {
    return true;
  }

  @Override
  public void onTrainBegin(TrainingControl c) {
    closeFiles();
    control = c;
    trainedBatches = 0;
    files = new SummaryFiles(logDir);
    if (writeGraph) {
      files.graph(TRAIN, 0, control.model().graphDef());
      files.flush();
    }
  }

  /** Batch logs are read only when batch-level scalars are asked for ({@link #updateFreq}). */
  @Override
  public boolean wantsBatchLogs() {
    return updateEvery > 0;
  }

  @Override
  public void onTrainBatchBegin(int batch) {}

  @Override
  public void onEpochBegin(int epoch) {
    if (updateEvery == 0 && control != null)
      trainedBatches = (long) epoch * control.stepsPerEpoch();
  }

  @Override
  public void onTestBegin() {
    if (updateEvery == 0 && control != null) trainedBatches += control.stepsPerEpoch();
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    trainedBatches++;
    if (files == null || updateEvery == 0 || trainedBatches % updateEvery != 0) return;
    for (Map.Entry<String, Double> e : logs.entrySet())
      files.scalar(TRAIN, "batch_" + e.getKey(), trainedBatches, e.getValue());
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (files == null) return;
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      files.scalar(
          VALIDATION, "evaluation_" + e.getKey() + "_vs_iterations", trainedBatches, e.getValue());
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (files == null) return;
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(VAL_PREFIX)) files.scalar(TRAIN, "epoch_" + key, epoch, e.getValue());
    }
    files.scalar(TRAIN, "epoch_learning_rate", epoch, control.learningRate());
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(VAL_PREFIX))
        files.scalar(
            VALIDATION, "epoch_" + key.substring(VAL_PREFIX.length()), epoch, e.getValue());
    }
    if (histogramFreq > 0 && epoch % histogramFreq == 0) writeHistograms(epoch);
    files.flush();
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    closeFiles();
    control = null;
  }

  private void writeHistograms(int epoch) {
    ModelView m = control.model();
    for (Weight w : m.weights())
      files.histogram(TRAIN, m.name() + "/" + w.path() + "/histogram", epoch, m.weightValue(w));
  }

  private void closeFiles() {
    if (files != null) {
      try {
        files.close();
      } finally {
        files = null;
      }
    }
  }
}
