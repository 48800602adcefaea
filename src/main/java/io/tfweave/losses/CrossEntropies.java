package io.tfweave.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/** Shared cross-entropy pieces: Keras's backend {@code binary_crossentropy}, clipping and label smoothing. */
final class CrossEntropies {
  private CrossEntropies() {}

  static double checkSmoothing(double s) {
    if (!(s >= 0 && s <= 1))
      throw new IllegalArgumentException(
          "labelSmoothing must be in [0, 1]. Received: label_smoothing=" + s);
    return s;
  }

  /** Keras's binary smoothing {@code t (1 − s) + 0.5 s}. */
  static Operand<TFloat32> smoothBinary(Ops tf, Operand<TFloat32> t, double s) {
    if (s == 0) return t;
    return tf.math.add(
        tf.math.mul(t, tf.constant((float) (1 - s))), tf.constant((float) (0.5 * s)));
  }

  /** Keras's categorical smoothing {@code t (1 − s) + s / classes}. */
  static Operand<TFloat32> smoothCategorical(Ops tf, Operand<TFloat32> t, double s) {
    if (s == 0) return t;
    long classes = t.shape().get(t.shape().numDimensions() - 1);
    return tf.math.add(
        tf.math.mul(t, tf.constant((float) (1 - s))), tf.constant((float) (s / classes)));
  }

  /**
   * Element-wise binary cross-entropy: from {@code logits} when not null (the stable {@code max(z, 0) − z t +
   * log(1 + exp(−|z|))}, 7 ops; tensorflow-framework's sigmoidCrossEntropyWithLogits builds 11 and a larger gradient),
   * else from probabilities {@code p} clipped to [ε, 1 − ε].
   */
  static Operand<TFloat32> binary(
      Ops tf, Operand<TFloat32> t, Operand<TFloat32> p, Operand<TFloat32> logits) {
    if (logits != null) {
      return tf.math.add(
          tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, t)),
          tf.math.softplus(tf.math.neg(tf.math.abs(logits))));
    }
    Operand<TFloat32> c = clip(tf, p);
    Operand<TFloat32> one = tf.constant(1f);
    return tf.math.neg(tf.math.add(
        tf.math.mul(t, tf.math.log(c)),
        tf.math.mul(tf.math.sub(one, t), tf.math.log(tf.math.sub(one, c)))));
  }

  /** Probabilities clipped to [ε, 1 − ε]. */
  static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> p) {
    return tf.clipByValue(p, tf.constant(Losses.EPSILON), tf.constant(1f - Losses.EPSILON));
  }

  /** Probabilities renormalised over the last axis and clipped, as Keras's categorical losses do. */
  static Operand<TFloat32> normalisedClipped(Ops tf, Operand<TFloat32> p) {
    return clip(tf, tf.math.div(p, tf.sum(p, tf.constant(-1), Sum.keepDims(true))));
  }
}
