package io.tfweave.training;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@code evaluate} measured: an unmodifiable map from Keras's log keys ({@code loss}, {@code accuracy}, ...) to their
 * values over the whole data set, in compile order. {@link #loss()} gives the loss alone, which is what Keras's
 * {@code model.evaluate(x, y)} returns for a model compiled without metrics; the map is Keras's {@code return_dict=True}.
 */
public final class Evaluation extends AbstractMap<String, Double> {
  private final Map<String, Double> values;

  private Evaluation(Map<String, Double> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The results {@code values} (copied); a custom {@link TrainStep}'s may lack a {@code loss}. */
  public static Evaluation of(Map<String, Double> values) {
    if (values == null) throw new IllegalArgumentException("An evaluation needs values");
    return new Evaluation(values);
  }

  /** The mean loss over the evaluated samples (Keras's scalar {@code model.evaluate} result). */
  public double loss() {
    if (!values.containsKey("loss")) return metric("loss");
    return values.get("loss");
  }

  /** The value of metric {@code name} (Keras's log key, e.g. {@code accuracy}); fails listing the keys there are. */
  public double metric(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "No metric '" + name + "' in this evaluation. Keys: " + values.keySet()
              + ". Fix: compile the model with that metric, e.g. compile(\"adam\", \"mse\", \""
              + name + "\").");
    }
    return v;
  }

  @Override
  public Double get(Object key) {
    return values.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  @Override
  public Set<Map.Entry<String, Double>> entrySet() {
    return values.entrySet();
  }
}
