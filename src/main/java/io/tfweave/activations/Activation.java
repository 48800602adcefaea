package io.tfweave.activations;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An element-wise (or, for softmax, last-axis) activation function with Keras's name and formula (Keras 3's {@code
 * keras.activations}).
 *
 * <p>Use the constants with a static import: {@code new Dense(32).activation(RELU)}; {@link Activations#byName} finds
 * them by Keras's name, and {@link Activations} makes the variants with parameters ({@code relu(negativeSlope, maxValue,
 * threshold)}, {@code elu(alpha)}, ...).
 */
public interface Activation {
  /** max(x, 0). */
  Activation RELU = Activations.of("relu", (tf, x) -> tf.nn.relu(x));
  /** 1 / (1 + e^-x); losses use the logits when the output comes from it. */
  Activation SIGMOID = Activations.of("sigmoid", (tf, x) -> tf.math.sigmoid(x));
  /** tanh(x). */
  Activation TANH = Activations.of("tanh", (tf, x) -> tf.math.tanh(x));
  /** Softmax over the last axis; losses use the logits when the output comes from it. */
  Activation SOFTMAX = Activations.of("softmax", (tf, x) -> tf.nn.softmax(x));
  /** Scaled ELU with Klambauer et al.'s constants. */
  Activation SELU = Activations.of("selu", (tf, x) -> tf.nn.selu(x));
  /** ELU with alpha 1. */
  Activation ELU = Activations.of("elu", (tf, x) -> tf.nn.elu(x));
  /** max(x, 0.2 x), Keras's {@code leaky_relu} default slope 0.2. */
  Activation LEAKY_RELU = Activations.leakyRelu(Activations.LEAKY_RELU_SLOPE_DEFAULT);
  /** min(max(x, 0), 6). */
  Activation RELU6 = Activations.of("relu6", (tf, x) -> tf.nn.relu6(x));
  /** Identity. */
  Activation LINEAR = Activations.of("linear", (tf, x) -> x);
  /** Exact GELU, x·Φ(x) = 0.5 x (1 + erf(x / √2)) (Keras's default {@code approximate=False}). */
  Activation GELU = Activations.of("gelu", (tf, x) -> Activations.gelu(tf, x, false));
  /** x · sigmoid(x) (Keras 3 calls it {@code silu}; {@code swish} is its alias). */
  Activation SWISH = Activations.of("swish", (tf, x) -> tf.math.mul(x, tf.math.sigmoid(x)));
  /** The same function as {@link #SWISH} under Keras 3's name. */
  Activation SILU = Activations.of("silu", (tf, x) -> tf.math.mul(x, tf.math.sigmoid(x)));
  /** log(1 + e^x). */
  Activation SOFTPLUS = Activations.of("softplus", (tf, x) -> tf.math.softplus(x));
  /** x / (1 + |x|). */
  Activation SOFTSIGN = Activations.of("softsign", ActivationOps::softsign);
  /** Keras 3's piecewise-linear sigmoid relu6(x + 3) / 6 (Keras 2 used 0.2 x + 0.5). */
  Activation HARD_SIGMOID = Activations.of("hard_sigmoid", ActivationOps::hardSigmoid);
  /** x · hard_sigmoid(x) (alias {@code hard_swish}). */
  Activation HARD_SILU =
      Activations.of("hard_silu", (tf, x) -> tf.math.mul(x, ActivationOps.hardSigmoid(tf, x)));
  /** x · tanh(softplus(x)). */
  Activation MISH = Activations.of("mish", ActivationOps::mish);
  /** log(softmax(x)) over the last axis (TensorFlow's fused LogSoftmax). */
  Activation LOG_SOFTMAX = Activations.of("log_softmax", (tf, x) -> tf.nn.logSoftmax(x));
  /** −softplus(−x) = log(sigmoid(x)). */
  Activation LOG_SIGMOID = Activations.of("log_sigmoid", ActivationOps::logSigmoid);
  /** CELU with alpha 1: max(x, 0) + expm1(min(x, 0)). */
  Activation CELU = Activations.celu(Activations.ALPHA_DEFAULT);
  /**
   * Gated linear unit: splits the last axis into halves a, b and returns a · sigmoid(b), so the last axis is halved
   * (usable in an {@code ActivationLayer}, not as a layer's own activation).
   */
  Activation GLU = Activations.of("glu", ActivationOps::glu, ActivationOps::gluShape);
  /** Sparsemax over the last axis: a softmax-like projection onto the simplex with exact zeros. */
  Activation SPARSEMAX = Activations.of("sparsemax", ActivationOps::sparsemax);
  /** x − tanh(x). */
  Activation TANH_SHRINK =
      Activations.of("tanh_shrink", (tf, x) -> tf.math.sub(x, tf.math.tanh(x)));
  /** clip(x, −1, 1). */
  Activation HARD_TANH = Activations.of("hard_tanh", ActivationOps::hardTanh);
  /** x − 0.5 above 0.5, x + 0.5 below −0.5, else 0. */
  Activation SOFT_SHRINK = Activations.softShrink(Activations.SHRINK_THRESHOLD_DEFAULT);
  /** x where |x| > 0.5, else 0. */
  Activation HARD_SHRINK = Activations.hardShrink(Activations.SHRINK_THRESHOLD_DEFAULT);
  /** (x + sqrt(x² + 4)) / 2. */
  Activation SQUAREPLUS = Activations.squareplus(Activations.SQUAREPLUS_B_DEFAULT);
  /** 0 below −1, (x + 1)² / 4 on [−1, 1], x above. */
  Activation SPARSE_PLUS = Activations.of("sparse_plus", ActivationOps::sparsePlus);
  /** 0 below −1, (x + 1) / 2 on [−1, 1], 1 above. */
  Activation SPARSE_SIGMOID = Activations.of("sparse_sigmoid", ActivationOps::sparseSigmoid);
  /** e^x. */
  Activation EXPONENTIAL = Activations.of("exponential", (tf, x) -> tf.math.exp(x));

  /** Keras's name, e.g. {@code relu}; variants with non-default parameters add them, e.g. {@code elu(alpha=0.5)}. */
  String name();

  /** Adds the activation's ops. */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);

  /** The output shape for input shape {@code in}: the same, except for {@link #GLU}. */
  default Shape outputShape(Shape in) {
    return in;
  }

  /** Whether a Keras config can name this activation (false for variants with non-default parameters). */
  default boolean hasKerasName() {
    return true;
  }
}
