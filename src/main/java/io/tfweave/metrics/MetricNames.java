package io.tfweave.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The names {@link Metrics#get(String)} knows: Keras 3's {@code keras.metrics} identifiers and class names. */
final class MetricNames {
  private MetricNames() {}

  static final Map<String, Supplier<Metric>> BY_NAME = names();

  /** Keras's names of metrics that need a constructor argument, with the factory to call. */
  static final Map<String, String> NEEDS_ARGUMENT = Map.of(
      "mean_io_u", "Metrics.meanIoU(numClasses)",
      "MeanIoU", "Metrics.meanIoU(numClasses)",
      "io_u", "Metrics.iou(numClasses, targetClassIds...)",
      "IoU", "Metrics.iou(numClasses, targetClassIds...)",
      "precision_at_recall", "Metrics.precisionAtRecall(recall)",
      "PrecisionAtRecall", "Metrics.precisionAtRecall(recall)",
      "recall_at_precision", "Metrics.recallAtPrecision(precision)",
      "RecallAtPrecision", "Metrics.recallAtPrecision(precision)",
      "mean", "Metrics.mean(name), updated from a custom training step",
      "sum", "Metrics.sum(name), updated from a custom training step");

  private static Map<String, Supplier<Metric>> names() {
    Map<String, Supplier<Metric>> m = new LinkedHashMap<>();
    m.put("accuracy", Metrics::accuracy);
    m.put("acc", Metrics::accuracy);
    put(m, Metrics::binaryAccuracy, "binary_accuracy", "BinaryAccuracy");
    put(m, Metrics::meanAbsoluteError, "mae", "mean_absolute_error", "MeanAbsoluteError", "MAE");
    put(m, Metrics::meanSquaredError, "mse", "mean_squared_error", "MeanSquaredError", "MSE");
    put(
        m,
        Metrics::meanSquaredLogarithmicError,
        "mean_squared_logarithmic_error",
        "msle",
        "MSLE",
        "MeanSquaredLogarithmicError");
    put(m, Metrics::rootMeanSquaredError, "root_mean_squared_error", "RootMeanSquaredError");
    put(m, Metrics::precision, "precision", "Precision");
    put(m, Metrics::recall, "recall", "Recall");
    put(m, Metrics::auc, "auc", "AUC");
    put(
        m,
        Metrics::topKCategoricalAccuracy,
        "top_k_categorical_accuracy",
        "TopKCategoricalAccuracy");
    put(
        m,
        Metrics::sparseTopKCategoricalAccuracy,
        "sparse_top_k_categorical_accuracy",
        "SparseTopKCategoricalAccuracy");
    put(m, Metrics::f1Score, "f1_score", "F1Score");
    put(m, () -> Metrics.fBetaScore(1.0), "fbeta_score", "f_beta_score", "FBetaScore");
    put(m, Metrics::r2Score, "r2_score", "R2Score");
    return Collections.unmodifiableMap(m);
  }

  private static void put(Map<String, Supplier<Metric>> m, Supplier<Metric> s, String... names) {
    for (String n : names) m.put(n, s);
  }
}
