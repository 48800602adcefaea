package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A streaming metric with Keras's name and semantics. A metric describes one batch as a few sums (e.g. total and count, or
 * true/false positive counts per threshold) and how to turn accumulated sums into its value; the engine keeps the
 * accumulators, resets them at the start of every epoch and reads the value without extra graph runs.
 */
public abstract class Metric {
  /**
   * A metric's graph side.
   *
   * @param batchSums tensors to add up over batches (any fixed shape)
   * @param result    the metric's value from the accumulated sums (same order as {@code batchSums})
   */
  public record Stats(
      List<Operand<TFloat32>> batchSums,
      Function<List<Operand<TFloat32>>, Operand<TFloat32>> result) {}

  /** The log key, e.g. {@code accuracy}, {@code mae}, {@code auc}. */
  public abstract String name();

  /** Keras's {@code get_config()}: {@code name}, {@code dtype} and the metric's own options under Keras's keys. */
  public java.util.Map<String, Object> config() {
    java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
    c.put("name", name());
    c.put("dtype", "float32");
    return c;
  }

  /**
   * Adds the metric's per-batch ops. {@code yTrue} has the same rank as {@code yPred} except for sparse targets;
   * {@code lossKind} is the compiled loss's kind (used to resolve {@code accuracy}).
   */
  public abstract Stats build(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind lossKind);

  /** The sample weights of a {@link #buildWeighted} call on this thread, and whether the metric used them. */
  private static final class Weighting {
    final Operand<TFloat32> weights;
    boolean used;

    Weighting(Operand<TFloat32> weights) {
      this.weights = weights;
    }
  }

  private static final ThreadLocal<Weighting> WEIGHTING = new ThreadLocal<>();

  /**
   * Like {@link #build}, with each sample weighted by {@code sampleWeight} ({@code [batch]}), as Keras's
   * {@code weighted_metrics}: a mean metric becomes {@code sum(w * value) / sum(w)}; the confusion-count metrics
   * (precision, recall, AUC, F-scores, IoU, R², ...) count each sample with its weight, as Keras's. Fails for a metric
   * that does not use the weights.
   */
  public final Stats buildWeighted(
      Ops tf,
      Operand<TFloat32> yTrue,
      Operand<TFloat32> yPred,
      Loss.Kind lossKind,
      Operand<TFloat32> sampleWeight) {
    Weighting w = new Weighting(sampleWeight);
    WEIGHTING.set(w);
    try {
      Stats s = build(tf, yTrue, yPred, lossKind);
      if (!w.used) {
        throw new IllegalArgumentException(
            "Metric '" + name() + "' cannot be weighted: only mean "
                + "metrics and the built-in confusion-count metrics can be weighted_metrics; list it in metrics instead");
      }
      return s;
    } finally {
      WEIGHTING.remove();
    }
  }

  /**
   * Stats for the mean of per-sample {@code values}: sums total and count; weighted (in {@link #buildWeighted}), sums
   * {@code w * value} and {@code w}, the weight of a sample spread over its values.
   */
  protected static Stats mean(Ops tf, Operand<TFloat32> values) {
    Weighting w = WEIGHTING.get();
    if (w != null) {
      w.used = true;
      int rank = values.shape().numDimensions();
      int[] dims = new int[Math.max(rank, 1)];
      java.util.Arrays.fill(dims, 1);
      dims[0] = -1;
      Operand<TFloat32> spread =
          tf.math.mul(tf.onesLike(values), tf.reshape(w.weights, tf.constant(dims)));
      return new Stats(
          List.of(sumAll(tf, tf.math.mul(values, spread)), sumAll(tf, spread)),
          s -> tf.math.divNoNan(s.get(0), s.get(1)));
    }
    Operand<TFloat32> flat = tf.reshape(values, tf.constant(new int[] {-1}));
    return new Stats(
        List.of(tf.sum(flat, tf.constant(0)), tf.dtypes.cast(tf.size(flat), TFloat32.class)),
        s -> tf.math.divNoNan(s.get(0), s.get(1)));
  }

  /**
   * The log keys of a metric's value: {@code name} for a scalar; {@code name_0}, {@code name_1}, ... for a vector
   * (Keras logs the array, e.g. {@code F1Score} with {@code average=None}; tfweave's History holds numbers, so each
   * entry gets its own key).
   */
  public static List<String> logKeys(String name, Operand<TFloat32> value) {
    int rank = value.shape().numDimensions();
    if (rank == 0) return List.of(name);
    long n = value.shape().get(0);
    if (rank > 1 || n < 1)
      throw new IllegalStateException("Metric '" + name
          + "' must be a scalar or a vector of static length, got shape " + value.shape());
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) keys.add(name + "_" + i);
    return keys;
  }

  /** The {@code n} scalars of {@code value} (itself when it is a scalar), in the order of {@link #logKeys}. */
  public static List<Operand<TFloat32>> values(Ops tf, Operand<TFloat32> value, int n) {
    if (value.shape().numDimensions() == 0) return List.of(value);
    List<Operand<TFloat32>> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) out.add(tf.gather(value, tf.constant(i), tf.constant(0)));
    return out;
  }

  /**
   * The per-sample weights ({@code [batch]}) when this metric is being built by {@link #buildWeighted} (marking them
   * used), else null: for a metric that weighs its own counts.
   */
  protected static Operand<TFloat32> sampleWeights() {
    Weighting w = WEIGHTING.get();
    if (w == null) return null;
    w.used = true;
    return w.weights;
  }

  /**
   * {@code sampleWeights} ({@code [batch]}) spread over each sample's entries of {@code like} ({@code [batch, ...]}), or
   * null when there are none.
   */
  protected static Operand<TFloat32> spread(
      Ops tf, Operand<TFloat32> sampleWeights, Operand<TFloat32> like) {
    if (sampleWeights == null) return null;
    int rank = like.shape().numDimensions();
    int[] dims = new int[Math.max(rank, 1)];
    java.util.Arrays.fill(dims, 1);
    dims[0] = -1;
    return tf.math.mul(tf.onesLike(like), tf.reshape(sampleWeights, tf.constant(dims)));
  }

  /** Sum over all axes. */
  protected static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
    return tf.sum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
  }

  @Override
  public String toString() {
    return name();
  }
}
