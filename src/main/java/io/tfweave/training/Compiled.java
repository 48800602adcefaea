package io.tfweave.training;

import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import java.util.List;

/**
 * What {@code compile} recorded: the optimizer, the loss, the metrics, and the metrics weighted by the sample weights
 * (Keras's {@code weighted_metrics}).
 */
public record Compiled(
    io.tfweave.optimizers.Optimizer optimizer,
    Loss loss,
    List<Metric> metrics,
    List<Metric> weightedMetrics) {
  /** Copies the metric lists. */
  public Compiled {
    metrics = List.copyOf(metrics);
    weightedMetrics = List.copyOf(weightedMetrics);
  }

  /** Without weighted metrics. */
  public Compiled(io.tfweave.optimizers.Optimizer optimizer, Loss loss, List<Metric> metrics) {
    this(optimizer, loss, metrics, List.of());
  }
}
