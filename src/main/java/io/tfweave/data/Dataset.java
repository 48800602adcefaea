package io.tfweave.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;

/**
 * In-memory training data: one or more input arrays and an optional target array, all with the same number of samples; a
 * model with several outputs gets one target array per output instead, keyed by output name (Keras's {@code y={"temp":
 * ..., "weather": ...}}) or by position ({@code "0"}, {@code "1"}, ... for Keras's list {@code y=[...]}). Datasets are
 * immutable; {@link #shuffle}, {@link #split}, {@link #take} return new ones (copies). {@code fit} copies none of it:
 * each step's rows go from these arrays straight into the step's tensors, and a validation split is a range of rows.
 */
public final class Dataset {
  private final List<HostArray> inputs;
  private final HostArray targets;
  private final Map<String, HostArray> targetMap;

  private Dataset(List<HostArray> inputs, HostArray targets) {
    this(inputs, targets, null);
  }

  private Dataset(List<HostArray> inputs, HostArray targets, Map<String, HostArray> targetMap) {
    if (inputs.isEmpty())
      throw new IllegalArgumentException("A dataset needs at least one input array");
    int n = inputs.get(0).length();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).length() != n) {
        throw new IllegalArgumentException(
            "All arrays must have the same number of samples: x[0] has " + n + ", x[" + i + "] has "
                + inputs.get(i).length());
      }
    }
    if (targets != null && targets.length() != n) {
      throw new IllegalArgumentException(
          "x and y must have the same number of samples. Received: x has " + n + " samples, y has "
              + targets.length());
    }
    if (targetMap != null) {
      for (Map.Entry<String, HostArray> e : targetMap.entrySet()) {
        if (e.getValue() == null || e.getValue().length() != n) {
          throw new IllegalArgumentException(
              "Targets '" + e.getKey() + "' must have one row per sample: x has "
                  + n + " samples, y['" + e.getKey() + "'] has "
                  + (e.getValue() == null ? "none" : e.getValue().length()));
        }
      }
      targetMap = Collections.unmodifiableMap(new LinkedHashMap<>(targetMap));
    }
    this.inputs = List.copyOf(inputs);
    this.targets = targets;
    this.targetMap = targetMap;
  }

  /** Inputs and one target array per model output, keyed by output (layer) name, as Keras's {@code y} dict. */
  public static Dataset ofOutputs(NdArray<?> x, Map<String, ? extends NdArray<?>> ys) {
    return ofOutputs(List.of(x), ys);
  }

  /** Several inputs and one target array per model output, keyed by output name. */
  public static Dataset ofOutputs(
      List<? extends NdArray<?>> xs, Map<String, ? extends NdArray<?>> ys) {
    List<HostArray> in = new ArrayList<>();
    for (NdArray<?> x : xs) in.add(HostArray.of(x));
    Map<String, HostArray> y = new LinkedHashMap<>();
    ys.forEach((k, v) -> y.put(k, HostArray.of(v)));
    return ofOutputArrays(in, y);
  }

  /**
   * From host arrays (not copied), one target array per model output keyed by output name, or by position ({@code "0"},
   * {@code "1"}, ...).
   */
  public static Dataset ofOutputArrays(List<HostArray> xs, Map<String, HostArray> ys) {
    if (ys == null || ys.isEmpty())
      throw new IllegalArgumentException("ys must name at least one output's targets");
    return new Dataset(xs, null, ys);
  }

  /** Targets by output position, as Keras's {@code y=[y0, y1]}: {@code ys.get(i)} trains output {@code i}. */
  public static Dataset ofOutputArrays(List<HostArray> xs, List<HostArray> ys) {
    Map<String, HostArray> y = new LinkedHashMap<>();
    for (int i = 0; i < ys.size(); i++) y.put(Integer.toString(i), ys.get(i));
    return ofOutputArrays(xs, y);
  }

  /** Inputs and targets from TF ndarrays ({@code StdArrays.ndCopyOf(float[][])} builds one from Java arrays). */
  public static Dataset of(NdArray<?> x, NdArray<?> y) {
    return new Dataset(List.of(HostArray.of(x)), y == null ? null : HostArray.of(y));
  }

  /** Several inputs (multi-input models) and targets. */
  public static Dataset of(List<? extends NdArray<?>> xs, NdArray<?> y) {
    List<HostArray> in = new ArrayList<>();
    for (NdArray<?> x : xs) in.add(HostArray.of(x));
    return new Dataset(in, y == null ? null : HostArray.of(y));
  }

  /** Inputs and targets from tensors (copied). */
  public static Dataset ofTensors(Tensor x, Tensor y) {
    return new Dataset(List.of(HostArray.of(x)), y == null ? null : HostArray.of(y));
  }

  /** From host arrays (not copied). */
  public static Dataset ofArrays(List<HostArray> xs, HostArray y) {
    return new Dataset(xs, y);
  }

  /** Inputs only (for predict). */
  public static Dataset ofInputs(NdArray<?> x) {
    return of(x, null);
  }

  /** Number of samples. */
  public int size() {
    return inputs.get(0).length();
  }

  /** The input arrays. */
  public List<HostArray> inputs() {
    return inputs;
  }

  /** The target array, or null; for a dataset of several outputs' targets use {@link #targetMap()}. */
  public HostArray targets() {
    if (targetMap != null) {
      throw new IllegalStateException("This dataset has targets for the outputs "
          + targetMap.keySet() + ", not one target array: read them with targetMap()");
    }
    return targets;
  }

  /** The targets per output (name or position to array), or null for a dataset of one target array (or none). */
  public Map<String, HostArray> targetMap() {
    return targetMap;
  }

  private Map<String, HostArray> mapTargets(java.util.function.UnaryOperator<HostArray> f) {
    if (targetMap == null) return null;
    Map<String, HostArray> out = new LinkedHashMap<>();
    targetMap.forEach((k, v) -> out.put(k, f.apply(v)));
    return out;
  }

  /** The samples at {@code indices}, in that order. */
  public Dataset select(int[] indices) {
    List<HostArray> in = new ArrayList<>();
    for (HostArray a : inputs) in.add(a.gather(indices));
    return new Dataset(
        in, targets == null ? null : targets.gather(indices), mapTargets(a -> a.gather(indices)));
  }

  /** Samples [from, to). */
  public Dataset range(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException(
          "range [" + from + ", " + to + ") is outside [0, " + size() + "]");
    }
    List<HostArray> in = new ArrayList<>();
    for (HostArray a : inputs) in.add(a.slice(from, to));
    return new Dataset(
        in, targets == null ? null : targets.slice(from, to), mapTargets(a -> a.slice(from, to)));
  }

  /** The first {@code n} samples. */
  public Dataset take(int n) {
    return range(0, Math.min(n, size()));
  }

  /** All but the first {@code n} samples. */
  public Dataset skip(int n) {
    return range(Math.min(n, size()), size());
  }

  /** A copy in a seeded random order. */
  public Dataset shuffle(long seed) {
    return select(permutation(size(), seed));
  }

  /** Splits into the first {@code fraction} and the rest (in order; shuffle first for a random split). */
  public List<Dataset> split(double fraction) {
    if (!(fraction > 0 && fraction < 1))
      throw new IllegalArgumentException("fraction must be in (0, 1). Received: " + fraction);
    int cut = (int) Math.round(size() * fraction);
    return List.of(range(0, cut), range(cut, size()));
  }

  /** Consecutive batches of {@code batchSize} samples (the last may be smaller), for feeding data to Java code. */
  public List<Dataset> batches(int batchSize) {
    if (batchSize <= 0)
      throw new IllegalArgumentException(
          "batchSize must be a positive integer. Received: batchSize=" + batchSize);
    List<Dataset> out = new ArrayList<>();
    for (int from = 0; from < size(); from += batchSize)
      out.add(range(from, Math.min(size(), from + batchSize)));
    return out;
  }

  /** A seeded permutation of 0..n-1 (Fisher-Yates). */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
