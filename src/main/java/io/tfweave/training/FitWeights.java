package io.tfweave.training;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which sample weights of a fit on arrays weigh which rows (Keras's {@code train_validation_split} of {@code (x, y,
 * sample_weight)}): with {@code validationSplit} the training part gets the first weights and the held-out part the rest;
 * {@code validation(data, weights)} brings the validation part's own. Class weights weigh training only (they are not
 * handled here).
 */
final class FitWeights {
  private FitWeights() {}

  /** The sample weights of the training rows of {@code data} (null without weights); checks their number. */
  static HostArray training(Dataset data, FitData.Rows trainData, FitOptions o) {
    HostArray w = o.sampleWeight();
    if (w == null) return null;
    checkCount(w, data.size(), "sampleWeight", "x");
    return trainData.size() == data.size() ? w : w.slice(0, trainData.size());
  }

  /**
   * The weights of the validation rows, indexed as their arrays (so for a split, the whole weight array: the validation
   * rows are its tail), or null when validation is unweighted.
   */
  static HostArray validation(Dataset data, FitData.Rows valData, FitOptions o) {
    if (valData == null) return null;
    if (o.validationData() == null) {
      HostArray w = o.sampleWeight();
      if (w != null) checkCount(w, data.size(), "sampleWeight", "x");
      return w;
    }
    HostArray w = o.validationSampleWeight();
    if (w != null)
      checkCount(w, valData.size(), "The validation sampleWeight", "the validation data");
    return w;
  }

  /**
   * A multi-output fit's per-output weights: {@code perOutput} as given, or {@code one} array for every output that has a
   * loss (Keras applies a single {@code sample_weight} to each output); null when both are null.
   */
  static Map<String, HostArray> perOutput(
      Compiled c, Map<String, HostArray> perOutput, HostArray one) {
    if (perOutput != null || one == null) return perOutput;
    Map<String, HostArray> out = new LinkedHashMap<>();
    for (OutputSpec s : c.outputs()) if (s.loss() != null) out.put(s.name(), one);
    return out;
  }

  private static void checkCount(HostArray w, int samples, String what, String of) {
    if (w.length() != samples) {
      throw new IllegalArgumentException(what + " has " + w.length() + " weights, but " + of
          + " has " + samples + " samples: give one weight per sample");
    }
  }
}
