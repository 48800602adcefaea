package io.tfweave.losses;

import static io.tfweave.losses.FunctionLoss.elementwise;

import io.tfweave.losses.Loss.Kind;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Keras's standard losses, each with Keras's name, formula, config keys and default reduction
 * ({@code sum_over_batch_size}; change it with {@link Loss#reduction(Reduction)}). Probabilities are clipped to
 * [ε, 1 − ε] with ε = {@value #EPSILON} where Keras clips them.
 */
public final class Losses {
  /** Keras's {@code epsilon()}. */
  public static final float EPSILON = 1e-7f;

  private Losses() {}

  /** Binary cross-entropy on probabilities (uses the logits when the output layer is a sigmoid, as Keras does). */
  public static BinaryCrossentropy binaryCrossentropy() {
    return new BinaryCrossentropy(false, 0);
  }

  /** Binary cross-entropy on logits ({@code from_logits=True}). */
  public static BinaryCrossentropy binaryCrossentropyFromLogits() {
    return new BinaryCrossentropy(true, 0);
  }

  /** Categorical cross-entropy on one-hot targets and probabilities. */
  public static CategoricalCrossentropy categoricalCrossentropy() {
    return new CategoricalCrossentropy(false, 0);
  }

  /** Categorical cross-entropy on one-hot targets and logits. */
  public static CategoricalCrossentropy categoricalCrossentropyFromLogits() {
    return new CategoricalCrossentropy(true, 0);
  }

  /** Sparse categorical cross-entropy: integer class targets, probability outputs (Keras has no label smoothing here). */
  public static Loss sparseCategoricalCrossentropy() {
    return new SparseCategoricalCrossentropy(false);
  }

  /** Sparse categorical cross-entropy on logits. */
  public static Loss sparseCategoricalCrossentropyFromLogits() {
    return new SparseCategoricalCrossentropy(true);
  }

  /** Binary focal cross-entropy with Keras's defaults (γ = 2, α = 0.25 unused until class balancing is on). */
  public static BinaryFocalCrossentropy binaryFocalCrossentropy() {
    return new BinaryFocalCrossentropy(
        false,
        BinaryFocalCrossentropy.ALPHA_DEFAULT,
        BinaryFocalCrossentropy.GAMMA_DEFAULT,
        false,
        0);
  }

  /** Categorical focal cross-entropy with Keras's defaults (α = 0.25, γ = 2). */
  public static CategoricalFocalCrossentropy categoricalFocalCrossentropy() {
    return new CategoricalFocalCrossentropy(
        CategoricalFocalCrossentropy.ALPHA_DEFAULT,
        CategoricalFocalCrossentropy.GAMMA_DEFAULT,
        false,
        0);
  }

  /** Dice loss over all axes (Keras's {@code axis=None}). */
  public static Dice dice() {
    return new Dice(null);
  }

  /** Tversky loss with α = β = 0.5 over all axes. */
  public static Tversky tversky() {
    return new Tversky(Tversky.ALPHA_DEFAULT, Tversky.ALPHA_DEFAULT, null);
  }

  /** Mean squared error. */
  public static Loss meanSquaredError() {
    return elementwise(
        "mean_squared_error", Kind.REGRESSION, (tf, t, p) -> tf.math.square(tf.math.sub(t, p)));
  }

  /** Mean absolute error. */
  public static Loss meanAbsoluteError() {
    return elementwise(
        "mean_absolute_error", Kind.REGRESSION, (tf, t, p) -> tf.math.abs(tf.math.sub(t, p)));
  }

  /** {@code 100 · mean(|t − p| / max(|t|, ε), axis=-1)}. */
  public static Loss meanAbsolutePercentageError() {
    return elementwise(
        "mean_absolute_percentage_error",
        Kind.REGRESSION,
        (tf, t, p) -> tf.math.mul(
            tf.constant(100f),
            tf.math.abs(tf.math.div(
                tf.math.sub(t, p), tf.math.maximum(tf.math.abs(t), tf.constant(EPSILON))))));
  }

  /** {@code mean((log(max(p, ε) + 1) − log(max(t, ε) + 1))², axis=-1)}. */
  public static Loss meanSquaredLogarithmicError() {
    return elementwise(
        "mean_squared_logarithmic_error",
        Kind.REGRESSION,
        (tf, t, p) -> tf.math.square(tf.math.sub(log1pClipped(tf, p), log1pClipped(tf, t))));
  }

  private static Operand<TFloat32> log1pClipped(Ops tf, Operand<TFloat32> x) {
    return tf.math.log(tf.math.add(tf.math.maximum(x, tf.constant(EPSILON)), tf.constant(1f)));
  }

  /** {@code mean(log(cosh(p − t)), axis=-1)}, computed as Keras: {@code x + softplus(−2x) − log 2}. */
  public static Loss logCosh() {
    return elementwise("log_cosh", Kind.REGRESSION, (tf, t, p) -> {
      Operand<TFloat32> x = tf.math.sub(p, t);
      return tf.math.sub(
          tf.math.add(x, tf.math.softplus(tf.math.mul(x, tf.constant(-2f)))),
          tf.constant((float) Math.log(2)));
    });
  }

  /** {@code mean(p − t log(p + ε), axis=-1)}. */
  public static Loss poisson() {
    return elementwise(
        "poisson",
        Kind.REGRESSION,
        (tf, t, p) ->
            tf.math.sub(p, tf.math.mul(t, tf.math.log(tf.math.add(p, tf.constant(EPSILON))))));
  }

  /** {@code mean(max(1 − t p, 0), axis=-1)}; 0/1 targets are mapped to −1/1 first (when all targets are 0 or 1). */
  public static Loss hinge() {
    return elementwise("hinge", Kind.BINARY, (tf, t, p) -> hingeMargin(tf, t, p));
  }

  /** {@code mean(max(1 − t p, 0)², axis=-1)}, targets as {@link #hinge()}. */
  public static Loss squaredHinge() {
    return elementwise(
        "squared_hinge", Kind.BINARY, (tf, t, p) -> tf.math.square(hingeMargin(tf, t, p)));
  }

  private static Operand<TFloat32> hingeMargin(Ops tf, Operand<TFloat32> t, Operand<TFloat32> p) {
    Operand<TFloat32> one = tf.constant(1f);
    // Keras's convert_binary_labels_to_hinge: 2t − 1 if every target is 0 or 1, else t unchanged
    Operand<TFloat32> isBinary = tf.dtypes.cast(
        tf.reduceAll(
            tf.math.logicalOr(tf.math.equal(t, tf.constant(0f)), tf.math.equal(t, one)),
            tf.range(tf.constant(0), tf.rank(t), tf.constant(1))),
        TFloat32.class);
    Operand<TFloat32> signed = tf.math.sub(tf.math.mul(tf.constant(2f), t), one);
    Operand<TFloat32> target =
        tf.math.add(tf.math.mul(isBinary, signed), tf.math.mul(tf.math.sub(one, isBinary), t));
    return tf.math.maximum(tf.math.sub(one, tf.math.mul(target, p)), tf.constant(0f));
  }

  /** {@code max(max((1 − t) p) − sum(t p) + 1, 0)} over the last axis, on one-hot (or ±1) targets. */
  public static Loss categoricalHinge() {
    return FunctionLoss.perSample("categorical_hinge", Kind.CATEGORICAL, (tf, t, p) -> {
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> pos = tf.sum(tf.math.mul(t, p), tf.constant(-1));
      Operand<TFloat32> neg = tf.max(tf.math.mul(tf.math.sub(one, t), p), tf.constant(-1));
      return tf.math.maximum(tf.math.add(tf.math.sub(neg, pos), one), tf.constant(0f));
    });
  }

  /** {@code sum(t log(t / p), axis=-1)} with t and p clipped to [ε, 1]. */
  public static Loss klDivergence() {
    return FunctionLoss.perSample("kl_divergence", Kind.CATEGORICAL, (tf, t, p) -> {
      Operand<TFloat32> eps = tf.constant(EPSILON);
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> tc = tf.clipByValue(t, eps, one);
      Operand<TFloat32> pc = tf.clipByValue(p, eps, one);
      return tf.sum(tf.math.mul(tc, tf.math.log(tf.math.div(tc, pc))), tf.constant(-1));
    });
  }

  /**
   * {@code −sum(l2_normalize(t) · l2_normalize(p), axis=-1)}: −1 for the same direction, as Keras; normalising is
   * {@code x · min(rsqrt(Σ x²), 1/ε)}.
   */
  public static Loss cosineSimilarity() {
    return FunctionLoss.perSample(
        "cosine_similarity",
        Kind.REGRESSION,
        (tf, t, p) -> tf.math.neg(
            tf.sum(tf.math.mul(l2Normalize(tf, t), l2Normalize(tf, p)), tf.constant(-1))));
  }

  private static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> inv = tf.math.minimum(
        tf.math.rsqrt(tf.sum(tf.math.square(x), tf.constant(-1), Sum.keepDims(true))),
        tf.constant(1f / EPSILON));
    return tf.math.mul(x, inv);
  }

  /** Huber loss with Keras's default {@code delta = 1}. */
  public static Loss huber() {
    return huber(1.0);
  }

  /** Huber loss: 0.5 e² for |e| ≤ delta, delta (|e| − 0.5 delta) beyond. */
  public static Loss huber(double delta) {
    if (!(delta > 0))
      throw new IllegalArgumentException("delta must be positive. Received: delta=" + delta);
    float d = (float) delta;
    return elementwise("huber", Kind.REGRESSION, (tf, t, p) -> {
      Operand<TFloat32> err = tf.math.abs(tf.math.sub(t, p));
      Operand<TFloat32> quad = tf.math.minimum(err, tf.constant(d));
      Operand<TFloat32> lin = tf.math.sub(err, quad);
      return tf.math.add(
          tf.math.mul(tf.constant(0.5f), tf.math.square(quad)), tf.math.mul(tf.constant(d), lin));
    });
  }

  /**
   * A new loss by Keras's name, as Keras's {@code keras.losses.get(name)}: the function names
   * ({@code binary_crossentropy}, {@code kl_divergence}, {@code log_cosh}, ...), Keras's aliases ({@code bce},
   * {@code mse}, {@code mae}, {@code mape}, {@code msle}, {@code kld}, {@code logcosh}, ...) or Keras's class names
   * ({@code BinaryCrossentropy}, {@code KLDivergence}, ...). Fails listing the known names.
   */
  public static Loss get(String name) {
    Supplier<Loss> s = name == null ? null : LossNames.BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "Unknown loss '" + name + "'. Expected one of " + LossNames.BY_NAME.keySet()
              + ". Fix: pass one of these names, or a Loss such as Losses.huber(0.5).");
    }
    return s.get();
  }

  /** Same as {@link #get(String)}. */
  public static Loss byName(String name) {
    return get(name);
  }
}
