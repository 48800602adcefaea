package io.tfweave.activations;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An element-wise (or, for softmax, last-axis) activation function with Keras's name and formula.
 *
 * <p>Use the constants with a static import: {@code new Dense(32).activation(RELU)}.
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
  Activation LEAKY_RELU = Activations.leakyRelu(0.2);
  /** min(max(x, 0), 6). */
  Activation RELU6 = Activations.of("relu6", (tf, x) -> tf.nn.relu6(x));
  /** Identity. */
  Activation LINEAR = Activations.of("linear", (tf, x) -> x);
  /** Exact GELU, x·Φ(x) = 0.5 x (1 + erf(x / √2)) (Keras's default {@code approximate=False}). */
  Activation GELU = Activations.of("gelu", Activations::gelu);
  /** x · sigmoid(x) (also called SiLU). */
  Activation SWISH = Activations.of("swish", (tf, x) -> tf.math.mul(x, tf.math.sigmoid(x)));
  /** log(1 + e^x). */
  Activation SOFTPLUS = Activations.of("softplus", (tf, x) -> tf.math.softplus(x));

  /** Keras's name, e.g. {@code relu}. */
  String name();

  /** Adds the activation's ops. */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);
}
