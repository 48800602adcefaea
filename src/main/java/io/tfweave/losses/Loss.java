package io.tfweave.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A training objective with Keras's name, formula and reduction (default {@link Reduction#SUM_OVER_BATCH_SIZE}: the
 * mean of the per-sample losses over the batch).
 */
public abstract class Loss {
  /** What kind of target a loss expects; decides how the {@code accuracy} metric is resolved. */
  public enum Kind {
    BINARY,
    CATEGORICAL,
    SPARSE_CATEGORICAL,
    REGRESSION
  }

  /** Keras's name, e.g. {@code binary_crossentropy}. */
  public abstract String name();

  /** The kind of targets. */
  public abstract Kind kind();

  /**
   * Per-sample losses, shape [batch] (or [batch, ...] for sequence outputs; all entries are averaged), or a scalar for
   * a loss of the whole batch (Dice and Tversky with {@code axis=None}, as Keras's). {@code logits} is the
   * pre-activation of a sigmoid/softmax output when known (used for numerical stability, as Keras does), else null.
   */
  public abstract Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits);

  /** The reduction ({@code reduction} in Keras's config); {@link Reduction#SUM_OVER_BATCH_SIZE} unless changed. */
  public Reduction reduction() {
    return Reduction.SUM_OVER_BATCH_SIZE;
  }

  /**
   * This loss with another reduction, as Keras's {@code reduction=} argument, e.g.
   * {@code Losses.hinge().reduction(Reduction.SUM)}. Set a loss's own options first: the result is a plain {@link Loss}.
   */
  public Loss reduction(Reduction reduction) {
    Objects.requireNonNull(reduction, "reduction");
    Loss base = this instanceof ReducedLoss r ? r.delegate : this;
    return reduction == base.reduction() ? base : new ReducedLoss(base, reduction);
  }

  /**
   * Keras's {@code get_config()}: {@code name}, {@code reduction} and the loss's own options under Keras's keys (e.g.
   * {@code from_logits}, {@code label_smoothing}, {@code alpha}).
   */
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("reduction", reduction().kerasName());
    return c;
  }

  /** The loss over the batch, reduced by {@link #reduction()} (a vector for {@link Reduction#NONE}). */
  public Operand<TFloat32> compute(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
    return reduction().reduce(tf, perSample(tf, yTrue, yPred, logits), null);
  }

  /**
   * The loss over the batch with per-sample weights ({@code [batch]}, or null for none), as Keras's
   * {@code loss(y_true, y_pred, sample_weight)}: weighted per-sample values reduced by {@link #reduction()}; for the
   * default that is their sum divided by the batch size (not by the weights' sum).
   */
  public Operand<TFloat32> compute(
      Ops tf,
      Operand<TFloat32> yTrue,
      Operand<TFloat32> yPred,
      Operand<TFloat32> logits,
      Operand<TFloat32> sampleWeight) {
    if (sampleWeight == null) return compute(tf, yTrue, yPred, logits);
    return reduction().reduce(tf, perSample(tf, yTrue, yPred, logits), sampleWeight);
  }

  /**
   * Mean of all entries of {@code x}: for an element-wise loss, the mean over the last axis followed by the mean over the
   * batch equals one mean over everything, and one reduction makes a smaller gradient graph.
   */
  protected static Operand<TFloat32> meanOfAll(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
  }

  @Override
  public String toString() {
    return name();
  }
}
