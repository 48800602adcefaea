package io.tfweave.activations;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * The formulas of Keras 3's activations ({@code keras/src/backend/tensorflow/nn.py}) as TensorFlow ops. Constants take
 * the dtype of {@code x}, so each formula also builds on a 16-bit tensor (mixed precision).
 */
final class ActivationOps {
  private ActivationOps() {}

  /** A scalar of {@code x}'s dtype. */
  static Operand<TFloat32> c(Ops tf, Operand<TFloat32> x, double v) {
    Operand<TFloat32> f = tf.constant((float) v);
    return x.type() == TFloat32.class ? f : tf.dtypes.cast(f, x.type());
  }

  /** Keras's {@code relu(x, negative_slope, max_value, threshold)}; {@code maxValue} NaN for none. */
  static Operand<TFloat32> relu(
      Ops tf, Operand<TFloat32> x, double negativeSlope, double maxValue, double threshold) {
    boolean clipMax = !Double.isNaN(maxValue);
    if (negativeSlope != 0 && !clipMax && threshold == 0) return leakyRelu(tf, x, negativeSlope);
    Operand<TFloat32> negativePart = null;
    if (negativeSlope != 0) {
      negativePart =
          tf.nn.relu(threshold != 0 ? tf.math.sub(c(tf, x, threshold), x) : tf.math.neg(x));
    }
    Operand<TFloat32> y;
    if (threshold != 0) {
      y = tf.select(tf.math.greater(x, c(tf, x, threshold)), x, tf.zerosLike(x));
    } else if (maxValue == 6) {
      y = tf.nn.relu6(x);
      clipMax = false;
    } else {
      y = tf.nn.relu(x);
    }
    if (clipMax) y = tf.math.minimum(tf.math.maximum(y, c(tf, x, 0)), c(tf, x, maxValue));
    if (negativePart != null)
      y = tf.math.sub(y, tf.math.mul(c(tf, x, negativeSlope), negativePart));
    return y;
  }

  static Operand<TFloat32> leakyRelu(Ops tf, Operand<TFloat32> x, double slope) {
    return tf.math.maximum(x, tf.math.mul(c(tf, x, slope), x));
  }

  /** ELU with a scale {@code alpha} of the negative part: {@code x > 0 ? x : alpha (e^x − 1)}. */
  static Operand<TFloat32> elu(Ops tf, Operand<TFloat32> x, double alpha) {
    Operand<TFloat32> e = tf.nn.elu(x);
    return alpha == 1
        ? e
        : tf.select(tf.math.greater(x, c(tf, x, 0)), x, tf.math.mul(c(tf, x, alpha), e));
  }

  /** {@code max(x, 0) + alpha · expm1(min(x, 0) / alpha)}. */
  static Operand<TFloat32> celu(Ops tf, Operand<TFloat32> x, double alpha) {
    Operand<TFloat32> neg = tf.math.div(tf.math.minimum(x, c(tf, x, 0)), c(tf, x, alpha));
    return tf.math.add(
        tf.math.maximum(x, c(tf, x, 0)), tf.math.mul(c(tf, x, alpha), tf.math.expm1(neg)));
  }

  /** {@code x / (1 + |x|)}. */
  static Operand<TFloat32> softsign(Ops tf, Operand<TFloat32> x) {
    return tf.math.div(x, tf.math.add(c(tf, x, 1), tf.math.abs(x)));
  }

  /** Keras 3's {@code relu6(x + 3) / 6}. */
  static Operand<TFloat32> hardSigmoid(Ops tf, Operand<TFloat32> x) {
    return tf.math.div(tf.nn.relu6(tf.math.add(x, c(tf, x, 3))), c(tf, x, 6));
  }

  /** {@code x · tanh(softplus(x))}. */
  static Operand<TFloat32> mish(Ops tf, Operand<TFloat32> x) {
    return tf.math.mul(x, tf.math.tanh(tf.math.softplus(x)));
  }

  /** {@code −softplus(−x)}. */
  static Operand<TFloat32> logSigmoid(Ops tf, Operand<TFloat32> x) {
    return tf.math.neg(tf.math.softplus(tf.math.neg(x)));
  }

  /** {@code clip(x, −1, 1)}. */
  static Operand<TFloat32> hardTanh(Ops tf, Operand<TFloat32> x) {
    return tf.math.maximum(tf.math.minimum(x, c(tf, x, 1)), c(tf, x, -1));
  }

  /** {@code x − t} above {@code t}, {@code x + t} below {@code −t}, else 0: {@code x − clip(x, −t, t)}. */
  static Operand<TFloat32> softShrink(Ops tf, Operand<TFloat32> x, double t) {
    return tf.math.sub(x, tf.math.maximum(tf.math.minimum(x, c(tf, x, t)), c(tf, x, -t)));
  }

  /** {@code x} where {@code |x| > t}, else 0. */
  static Operand<TFloat32> hardShrink(Ops tf, Operand<TFloat32> x, double t) {
    return tf.select(tf.math.greater(tf.math.abs(x), c(tf, x, t)), x, tf.zerosLike(x));
  }

  /** {@code (x + sqrt(x² + b)) / 2}. */
  static Operand<TFloat32> squareplus(Ops tf, Operand<TFloat32> x, double b) {
    return tf.math.div(
        tf.math.add(x, tf.math.sqrt(tf.math.add(tf.math.mul(x, x), c(tf, x, b)))), c(tf, x, 2));
  }

  /** 0 for {@code x ≤ −1}, {@code (x + 1)² / 4} for {@code |x| < 1}, x above. */
  static Operand<TFloat32> sparsePlus(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> p = tf.math.add(x, c(tf, x, 1));
    Operand<TFloat32> mid = tf.math.mul(c(tf, x, 0.25), tf.math.mul(p, p));
    return tf.select(
        tf.math.lessEqual(x, c(tf, x, -1)),
        tf.zerosLike(x),
        tf.select(tf.math.less(x, c(tf, x, 1)), mid, x));
  }

  /** 0 for {@code x ≤ −1}, 1 for {@code x ≥ 1}, {@code (x + 1) / 2} between. */
  static Operand<TFloat32> sparseSigmoid(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> half = tf.math.mul(c(tf, x, 0.5), tf.math.add(x, c(tf, x, 1)));
    return tf.math.maximum(tf.math.minimum(half, c(tf, x, 1)), c(tf, x, 0));
  }

  /** {@code x} where {@code x > threshold}, else {@code defaultValue}. */
  static Operand<TFloat32> threshold(
      Ops tf, Operand<TFloat32> x, double threshold, double defaultValue) {
    return tf.select(
        tf.math.greater(x, c(tf, x, threshold)),
        x,
        tf.math.add(tf.zerosLike(x), c(tf, x, defaultValue)));
  }

  /** Splits the last axis in halves {@code a, b} and returns {@code a · sigmoid(b)}. */
  static Operand<TFloat32> glu(Ops tf, Operand<TFloat32> x) {
    var halves = tf.split(tf.constant(-1), x, 2L);
    return tf.math.mul(halves.output().get(0), tf.math.sigmoid(halves.output().get(1)));
  }

  /** GLU's output shape: the last axis halved; it must be even. */
  static Shape gluShape(Shape in) {
    long last = in.numDimensions() < 1 ? -1 : in.get(in.numDimensions() - 1);
    if (in.numDimensions() < 1 || last % 2 != 0) {
      throw new IllegalArgumentException(
          "glu splits the last axis in two halves, so its size must be even. Received: shape "
              + in);
    }
    long[] d = in.asArray();
    if (last > 0) d[d.length - 1] = last / 2;
    return Shape.of(d);
  }

  /**
   * Sparsemax over the last axis (Martins and Astudillo): {@code max(x − τ, 0)}, with τ such that the outputs sum to 1.
   * Instead of sorting, element {@code i} is in the support when {@code 1 + k_i x_i > s_i}, where {@code k_i} counts and
   * {@code s_i} sums the elements {@code ≥ x_i} (a pairwise comparison over the last axis, so quadratic in its size);
   * the gradient flows through sums and {@code max}, which gives sparsemax's Jacobian.
   */
  static Operand<TFloat32> sparsemax(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> xi = tf.expandDims(x, tf.constant(-1)); // [..., n, 1]
    Operand<TFloat32> xj = tf.expandDims(x, tf.constant(-2)); // [..., 1, n]
    Operand<TFloat32> ge = tf.dtypes.cast(tf.math.greaterEqual(xj, xi), x.type());
    Operand<TFloat32> k = tf.sum(ge, tf.constant(-1));
    Operand<TFloat32> s = tf.sum(tf.math.mul(ge, tf.stopGradient(xj)), tf.constant(-1));
    Operand<TFloat32> support =
        tf.dtypes.cast(tf.math.greater(tf.math.add(c(tf, x, 1), tf.math.mul(k, x)), s), x.type());
    Operand<TFloat32> size = tf.sum(support, tf.constant(-1), Sum.keepDims(true));
    Operand<TFloat32> tau = tf.math.div(
        tf.math.sub(
            tf.sum(tf.math.mul(support, x), tf.constant(-1), Sum.keepDims(true)), c(tf, x, 1)),
        size);
    return tf.math.maximum(tf.math.sub(x, tau), c(tf, x, 0));
  }
}
