package io.tfweave.training;

import io.tfweave.data.HostArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Class weights as Keras and scikit-learn compute them, and their per-sample form: what a multi-output model needs, since
 * Keras's {@code class_weight} applies to single-output models only ({@code FitOptions.sampleWeight(Map)} takes them).
 */
public final class ClassWeights {
  private ClassWeights() {}

  /**
   * scikit-learn's {@code compute_class_weight("balanced")}: {@code n / (classes * count(c))} for each class {@code c}
   * present in {@code labels} (integers in {@code [0, classes)}).
   */
  public static Map<Integer, Double> balanced(int[] labels, int classes) {
    if (classes <= 0)
      throw new IllegalArgumentException("classes must be positive. Received: " + classes);
    long[] count = new long[classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "Label " + labels[i] + " at index " + i + " is outside [0, " + classes + ")");
      }
      count[labels[i]]++;
    }
    Map<Integer, Double> out = new LinkedHashMap<>();
    for (int c = 0; c < classes; c++)
      if (count[c] > 0) out.put(c, labels.length / (double) (classes * count[c]));
    return out;
  }

  /** One weight per sample: the weight of its label's class (1 for classes {@code weights} leaves out, as Keras). */
  public static HostArray sampleWeights(Map<Integer, Double> weights, int[] labels) {
    float[] w = new float[labels.length];
    for (int i = 0; i < labels.length; i++)
      w[i] = weights.getOrDefault(labels[i], 1.0).floatValue();
    return HostArray.ofFloats(w, labels.length);
  }
}
