package io.tfweave.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;

/**
 * In-memory training data: one or more input arrays and an optional target array, all with the same number of samples.
 * Datasets are immutable; {@link #shuffle}, {@link #split}, {@link #take} return new ones. {@code fit} copies a dataset into
 * the graph once and gathers batches there by index.
 */
public final class Dataset {
  private final List<HostArray> inputs;
  private final HostArray targets;

  private Dataset(List<HostArray> inputs, HostArray targets) {
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
    this.inputs = List.copyOf(inputs);
    this.targets = targets;
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

  /** The target array, or null. */
  public HostArray targets() {
    return targets;
  }

  /** The samples at {@code indices}, in that order. */
  public Dataset select(int[] indices) {
    List<HostArray> in = new ArrayList<>();
    for (HostArray a : inputs) in.add(a.gather(indices));
    return new Dataset(in, targets == null ? null : targets.gather(indices));
  }

  /** Samples [from, to). */
  public Dataset range(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException(
          "range [" + from + ", " + to + ") is outside [0, " + size() + "]");
    }
    List<HostArray> in = new ArrayList<>();
    for (HostArray a : inputs) in.add(a.slice(from, to));
    return new Dataset(in, targets == null ? null : targets.slice(from, to));
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
