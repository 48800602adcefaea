package io.tfweave.saving;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link WeightImport} did: the model weights it loaded, the model weights it found no value for, the checkpoint
 * variables nothing in the model used, the optimizer and metric state it ignored, and the names whose shapes differ.
 *
 * @param source the SavedModel directory or checkpoint prefix
 * @param loaded model weights (variable names) that received a value
 * @param missing model weights without a checkpoint variable (they keep their values)
 * @param unused checkpoint variables (Keras-style names) not loaded into any weight
 * @param trainingState optimizer and metric state in the file ({@code Adam/m/*}, {@code iteration}, {@code learning_rate},
 *     metric {@code total}/{@code count}), ignored: it neither loads nor makes a strict import fail
 * @param shapeMismatches names present on both sides with different shapes (not loaded)
 * @param excluded model weights skipped on request
 */
public record ImportReport(
    Path source,
    List<String> loaded,
    List<String> missing,
    List<String> unused,
    List<String> trainingState,
    List<ShapeMismatch> shapeMismatches,
    List<String> excluded) {

  /** A weight whose checkpoint value has a different shape. */
  public record ShapeMismatch(
      String weight, String checkpointName, List<Long> modelShape, List<Long> checkpointShape) {
    @Override
    public String toString() {
      return weight + ": model " + modelShape + " vs checkpoint '" + checkpointName + "' "
          + checkpointShape;
    }
  }

  /** True when every model weight was loaded and every checkpoint variable was used (training state aside). */
  public boolean complete() {
    return missing.isEmpty() && unused.isEmpty() && shapeMismatches.isEmpty();
  }

  /** A multi-line summary: counts, then the lists (at most 20 names each). */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append("Weight import from ")
        .append(source)
        .append(": ")
        .append(loaded.size())
        .append(" loaded, ")
        .append(missing.size())
        .append(" missing, ")
        .append(unused.size())
        .append(" unused, ")
        .append(trainingState.size())
        .append(" ignored training state, ")
        .append(shapeMismatches.size())
        .append(" shape mismatches, ")
        .append(excluded.size())
        .append(" excluded");
    list(b, "missing in checkpoint", missing);
    list(b, "unused checkpoint variables", unused);
    list(b, "ignored training state (optimizer, metrics)", trainingState);
    list(
        b,
        "shape mismatches",
        shapeMismatches.stream().map(ShapeMismatch::toString).toList());
    return b.toString();
  }

  private static void list(StringBuilder b, String title, List<String> items) {
    if (items.isEmpty()) return;
    b.append("\n  ")
        .append(title)
        .append(": ")
        .append(items.subList(0, Math.min(20, items.size())));
    if (items.size() > 20) b.append(" ... (").append(items.size() - 20).append(" more)");
  }

  @Override
  public String toString() {
    return summary();
  }
}
