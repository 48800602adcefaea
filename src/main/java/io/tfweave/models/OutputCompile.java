package io.tfweave.models;

import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.training.Compiled;
import io.tfweave.training.OutputSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a multi-output {@link Compiled} from Keras-style maps keyed by output name or position. */
final class OutputCompile {
  private OutputCompile() {}

  /** The output names: the output layers' names, made unique with {@code _<i>} when a layer gives several outputs. */
  static List<String> names(Network model) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (SymbolicTensor t : model.outputs()) {
      String base = t.layer().name();
      int k = seen.merge(base, 1, Integer::sum);
      out.add(k == 1 ? base : base + "_" + (k - 1));
    }
    return out;
  }

  /** {@code value} for every output, keyed by position. */
  static <T> Map<String, T> same(Network model, T value) {
    Map<String, T> out = new LinkedHashMap<>();
    for (int i = 0; i < model.outputs().size(); i++) out.put(Integer.toString(i), value);
    return out;
  }

  static Compiled of(
      Network model,
      Optimizer optimizer,
      Map<String, Loss> losses,
      Map<String, Double> lossWeights,
      Map<String, List<Metric>> metrics,
      Map<String, List<Metric>> weightedMetrics) {
    List<String> names = names(model);
    Map<Integer, Loss> l = resolve(model, names, losses, "losses");
    Map<Integer, Double> w = resolve(model, names, lossWeights, "lossWeights");
    Map<Integer, List<Metric>> m = resolve(model, names, metrics, "metrics");
    Map<Integer, List<Metric>> wm = resolve(model, names, weightedMetrics, "weightedMetrics");
    List<OutputSpec> specs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Loss loss = l.get(i);
      if (loss == null && (m.containsKey(i) || wm.containsKey(i))) {
        throw new IllegalArgumentException("Output '" + names.get(i) + "' of model '" + model.name()
            + "' has metrics but no loss; give it a loss, or drop its metrics");
      }
      specs.add(new OutputSpec(
          names.get(i),
          loss,
          w.getOrDefault(i, 1.0),
          m.getOrDefault(i, List.of()),
          wm.getOrDefault(i, List.of())));
    }
    return Compiled.ofOutputs(optimizer, specs);
  }

  private static <T> Map<Integer, T> resolve(
      Network model, List<String> names, Map<String, T> byName, String what) {
    Map<Integer, T> out = new HashMap<>();
    if (byName == null) return out;
    for (Map.Entry<String, T> e : byName.entrySet()) {
      int i = names.indexOf(e.getKey());
      if (i < 0 && e.getKey().matches("\\d+")) i = Integer.parseInt(e.getKey());
      if (i < 0 || i >= names.size()) {
        throw new IllegalArgumentException(
            what + " names an output '" + e.getKey() + "' that model '"
                + model.name() + "' does not have. Outputs: " + names + " (or positions 0.."
                + (names.size() - 1) + ")");
      }
      if (e.getValue() != null) out.put(i, e.getValue());
    }
    return out;
  }
}
