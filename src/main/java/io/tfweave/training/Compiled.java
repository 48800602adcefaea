package io.tfweave.training;

import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import io.tfweave.optimizers.Optimizer;
import java.util.List;

/**
 * What {@code compile} recorded: the optimizer, the loss, the metrics, and the metrics weighted by the sample weights
 * (Keras's {@code weighted_metrics}); for a model with several outputs one {@link OutputSpec} per output instead of the
 * single loss and metrics; for a custom training step ({@link TrainStep}) the step.
 *
 * @param optimizer the optimizer (may be null with a custom step, which brings its own)
 * @param loss the loss of a single-output model (null with {@code outputs} or a custom step)
 * @param metrics the metrics of a single-output model
 * @param weightedMetrics the weighted metrics of a single-output model
 * @param outputs one spec per model output, in output order, or null for a single-output compile
 * @param step the custom training step, or null for the standard one
 */
public record Compiled(
    Optimizer optimizer,
    Loss loss,
    List<Metric> metrics,
    List<Metric> weightedMetrics,
    List<OutputSpec> outputs,
    TrainStep step) {
  /** Copies the lists. */
  public Compiled {
    metrics = List.copyOf(metrics);
    weightedMetrics = List.copyOf(weightedMetrics);
    outputs = outputs == null ? null : List.copyOf(outputs);
  }

  /** A single-output compile. */
  public Compiled(
      Optimizer optimizer, Loss loss, List<Metric> metrics, List<Metric> weightedMetrics) {
    this(optimizer, loss, metrics, weightedMetrics, null, null);
  }

  /** Without weighted metrics. */
  public Compiled(Optimizer optimizer, Loss loss, List<Metric> metrics) {
    this(optimizer, loss, metrics, List.of());
  }

  /** A compile of a model with several outputs: one spec per output, in output order. */
  public static Compiled ofOutputs(Optimizer optimizer, List<OutputSpec> outputs) {
    Loss first = outputs.stream()
        .map(OutputSpec::loss)
        .filter(l -> l != null)
        .findFirst()
        .orElse(null);
    if (first == null) {
      throw new IllegalArgumentException(
          "compile needs a loss for at least one output; every output's loss is null");
    }
    return new Compiled(optimizer, first, List.of(), List.of(), outputs, null);
  }

  /** A compile whose training step is {@code step}; {@code optimizer} may be null. */
  public static Compiled ofStep(Optimizer optimizer, TrainStep step) {
    return new Compiled(optimizer, null, List.of(), List.of(), null, step);
  }

  /** True for a compile with one spec per output. */
  public boolean multiOutput() {
    return outputs != null;
  }
}
