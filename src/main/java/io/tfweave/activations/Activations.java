package io.tfweave.activations;

import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.framework.op.FrameworkOps;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Factory and lookup for {@link Activation}s. */
public final class Activations {
  private Activations() {}

  /** An activation from a name and a graph function. */
  public static Activation of(
      String name, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> fn) {
    return new Activation() {
      public String name() {
        return name;
      }

      public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return fn.apply(tf, x);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** Leaky ReLU with the given negative slope. */
  public static Activation leakyRelu(double alpha) {
    return of(
        "leaky_relu", (tf, x) -> tf.math.maximum(x, tf.math.mul(tf.constant((float) alpha), x)));
  }

  /** Exact GELU from tensorflow-framework (x·Φ(x) via erf, composed of ops that have gradients). */
  static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x) {
    return FrameworkOps.create(tf).nn.gelu(x, false);
  }

  private static List<Activation> all() {
    return List.of(
        Activation.RELU,
        Activation.SIGMOID,
        Activation.TANH,
        Activation.SOFTMAX,
        Activation.SELU,
        Activation.ELU,
        Activation.LEAKY_RELU,
        Activation.RELU6,
        Activation.LINEAR,
        Activation.GELU,
        Activation.SWISH,
        Activation.SOFTPLUS);
  }

  /** The built-in activation with Keras's name {@code name} ({@code silu} is accepted for swish). */
  public static Activation byName(String name) {
    String n = name.equals("silu") ? "swish" : name;
    for (Activation a : all()) if (a.name().equals(n)) return a;
    throw new IllegalArgumentException("Unknown activation '" + name + "'. Expected one of "
        + all().stream().map(Activation::name).toList());
  }
}
