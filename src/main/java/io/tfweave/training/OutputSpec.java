package io.tfweave.training;

import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import java.util.List;

/**
 * How one output of a multi-output model trains: its name (the output layer's, as Keras's {@code model.output_names}),
 * its loss (null: the output trains nothing and needs no targets), the loss's weight in the total (Keras's
 * {@code loss_weights}), and its metrics. Logs follow Keras: {@code <name>_loss}, {@code <name>_<metric>}.
 *
 * @param name the output's name
 * @param loss the loss, or null for none
 * @param weight the weight of this output's loss in the total loss
 * @param metrics the metrics of this output
 * @param weightedMetrics the metrics weighted by this output's sample weights
 */
public record OutputSpec(
    String name, Loss loss, double weight, List<Metric> metrics, List<Metric> weightedMetrics) {
  /** Copies the lists and checks the weight. */
  public OutputSpec {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("The loss weight of output '" + name
          + "' must be a finite number >= 0. Received: " + weight);
    }
    metrics = List.copyOf(metrics);
    weightedMetrics = List.copyOf(weightedMetrics);
  }
}
