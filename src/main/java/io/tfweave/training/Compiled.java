package io.tfweave.training;

import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import java.util.List;

/** What {@code compile} recorded: the optimizer, the loss and the metrics. */
public record Compiled(io.tfweave.optimizers.Optimizer optimizer, Loss loss, List<Metric> metrics) {
  /** Copies the metric list. */
  public Compiled {
    metrics = List.copyOf(metrics);
  }
}
