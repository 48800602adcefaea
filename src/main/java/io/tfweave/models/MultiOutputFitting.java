package io.tfweave.models;

import io.tfweave.data.Dataset;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metric;
import io.tfweave.metrics.Metrics;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Evaluation;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * The multi-output forms of compile, fit, evaluate and predict, as Keras's dicts and lists: {@code compile("adam",
 * Map.of("temp", "mae", "weather", "sparse_categorical_crossentropy"))}, {@code fit(x, Map.of("temp", yT, "weather", yW),
 * options)}, {@code predictOutputs(x)}. This interface carries these default methods for {@link Model}.
 */
public interface MultiOutputFitting {
  /** See {@link Model#compile(Optimizer, Map, Map, Map)}. */
  void compile(
      Optimizer optimizer,
      Map<String, Loss> losses,
      Map<String, Double> lossWeights,
      Map<String, List<Metric>> metrics);

  /** See {@link Model#outputNames()}. */
  List<String> outputNames();

  /** See {@link Model#fit(Dataset, FitOptions)}. */
  History fit(Dataset data, FitOptions options);

  /** See {@link Model#evaluate(Dataset, int)}. */
  Evaluation evaluate(Dataset data, int batchSize);

  /** See {@link Model#predictOutputs(Dataset, int)}. */
  Map<String, FloatNdArray> predictOutputs(Dataset data, int batchSize);

  /** A loss per output by name, Keras's names for everything: {@code compile("adam", Map.of("temp", "mae"), "weather", ...)}. */
  default void compile(String optimizer, Map<String, String> losses) {
    compile(Optimizers.get(optimizer), byName(losses), Map.of(), Map.of());
  }

  /**
   * Losses, loss weights and metrics per output by Keras's names ({@code "accuracy"} resolves by the output's loss, as in
   * Keras).
   */
  default void compile(
      String optimizer,
      Map<String, String> losses,
      Map<String, Double> lossWeights,
      Map<String, List<String>> metrics) {
    Map<String, Loss> l = byName(losses);
    Map<String, List<Metric>> m = new LinkedHashMap<>();
    metrics.forEach((k, names) -> {
      List<Metric> ms = new ArrayList<>();
      for (String n : names) ms.add(Metrics.get(n));
      m.put(k, ms);
    });
    compile(Optimizers.get(optimizer), l, lossWeights, m);
  }

  /** One loss per output by position (Keras's {@code loss=[...]}), no metrics. */
  default void compile(Optimizer optimizer, List<Loss> losses) {
    Map<String, Loss> l = new LinkedHashMap<>();
    for (int i = 0; i < losses.size(); i++) l.put(Integer.toString(i), losses.get(i));
    compile(optimizer, l, Map.of(), Map.of());
  }

  /** Trains on {@code x} with one target array per output, keyed by output name or position. */
  default History fit(NdArray<?> x, Map<String, ? extends NdArray<?>> y, FitOptions options) {
    return fit(Dataset.ofOutputs(x, y), options);
  }

  /** Loss and metrics on {@code x} with one target array per output, batch size 32. */
  default Evaluation evaluate(NdArray<?> x, Map<String, ? extends NdArray<?>> y) {
    return evaluate(Dataset.ofOutputs(x, y), FitOptions.BATCH_SIZE_DEFAULT);
  }

  /** All outputs for {@code x} by output name, in batches of 32 (Keras's {@code predict} of a dict-output model). */
  default Map<String, FloatNdArray> predictOutputs(NdArray<?> x) {
    return predictOutputs(Dataset.ofInputs(x), FitOptions.BATCH_SIZE_DEFAULT);
  }

  private static Map<String, Loss> byName(Map<String, String> losses) {
    Map<String, Loss> l = new LinkedHashMap<>();
    losses.forEach((k, v) -> l.put(k, v == null ? null : Losses.get(v)));
    return l;
  }
}
