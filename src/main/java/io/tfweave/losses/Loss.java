package io.tfweave.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A training objective with Keras's name, formula and default reduction ({@code sum_over_batch_size}: the mean of the
 * per-sample losses over the batch).
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
   * Per-sample losses, shape [batch] (or [batch, ...] for sequence outputs; all entries are averaged). {@code logits} is the pre-activation of a sigmoid/softmax output when known (used for
   * numerical stability, as Keras does), else null.
   */
  public abstract Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits);

  /** The reduced (mean) loss over the batch. */
  public Operand<TFloat32> compute(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
    Operand<TFloat32> values = perSample(tf, yTrue, yPred, logits);
    return tf.math.mean(tf.reshape(values, tf.constant(new int[] {-1})), tf.constant(0));
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
