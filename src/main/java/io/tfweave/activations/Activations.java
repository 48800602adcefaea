package io.tfweave.activations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.framework.op.FrameworkOps;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Factory and lookup for {@link Activation}s, and Keras's activations with parameters.
 *
 * <p>Keras saves an activation function by its name only, so a variant with non-default parameters ({@code
 * relu(negativeSlope=0.1)}) cannot be written to a layer config: writing one fails with a message that names it. For a
 * saved model, use the layer forms ({@code ReLU}, an {@code ActivationLayer} of a named activation) instead.
 */
public final class Activations {
  /** Keras's default negative slope of {@code leaky_relu}. */
  public static final double LEAKY_RELU_SLOPE_DEFAULT = 0.2;
  /** Keras's default {@code alpha} of {@code elu} and {@code celu}. */
  public static final double ALPHA_DEFAULT = 1.0;
  /** Keras's default {@code threshold} of {@code soft_shrink} and {@code hard_shrink}. */
  public static final double SHRINK_THRESHOLD_DEFAULT = 0.5;
  /** Keras's default {@code b} of {@code squareplus}. */
  public static final double SQUAREPLUS_B_DEFAULT = 4;

  private Activations() {}

  /** An activation from a name and a graph function. */
  public static Activation of(
      String name, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> fn) {
    return of(name, fn, UnaryOperator.identity());
  }

  /** An activation whose output shape is {@code shape(input shape)}. */
  static Activation of(
      String name,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> fn,
      UnaryOperator<Shape> shape) {
    return make(name, true, fn, shape);
  }

  private static Activation make(
      String name,
      boolean keras,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> fn,
      UnaryOperator<Shape> shape) {
    return new Activation() {
      public String name() {
        return name;
      }

      public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return fn.apply(tf, x);
      }

      @Override
      public Shape outputShape(Shape in) {
        return shape.apply(in);
      }

      @Override
      public boolean hasKerasName() {
        return keras;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** {@code name} itself when all parameters are at their defaults, else {@code name(p=v, ...)} (not writable). */
  private static Activation param(
      String name,
      boolean defaults,
      String params,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> fn) {
    return make(
        defaults ? name : name + "(" + params + ")", defaults, fn, UnaryOperator.identity());
  }

  /**
   * Keras's {@code relu(x, negative_slope, max_value, threshold)}: x above {@code threshold} (capped at {@code maxValue};
   * pass {@code Double.NaN} for no cap), {@code negativeSlope · (x − threshold)} below it.
   */
  public static Activation relu(double negativeSlope, double maxValue, double threshold) {
    finite("negative_slope", negativeSlope);
    finite("threshold", threshold);
    if (!Double.isNaN(maxValue) && !(maxValue >= 0)) {
      throw new IllegalArgumentException(
          "max_value must be >= 0 (or NaN for none). Received: max_value=" + maxValue);
    }
    boolean defaults = negativeSlope == 0 && Double.isNaN(maxValue) && threshold == 0;
    return defaults
        ? Activation.RELU
        : param(
            "relu",
            false,
            String.format(
                Locale.ROOT,
                "negative_slope=%s, max_value=%s, threshold=%s",
                negativeSlope,
                Double.isNaN(maxValue) ? "None" : maxValue,
                threshold),
            (tf, x) -> ActivationOps.relu(tf, x, negativeSlope, maxValue, threshold));
  }

  /** Leaky ReLU with the given negative slope (Keras's default 0.2 is {@link Activation#LEAKY_RELU}). */
  public static Activation leakyRelu(double negativeSlope) {
    finite("negative_slope", negativeSlope);
    return param(
        "leaky_relu",
        negativeSlope == LEAKY_RELU_SLOPE_DEFAULT,
        "negative_slope=" + negativeSlope,
        (tf, x) -> ActivationOps.leakyRelu(tf, x, negativeSlope));
  }

  /** ELU: {@code x > 0 ? x : alpha (e^x − 1)}. */
  public static Activation elu(double alpha) {
    finite("alpha", alpha);
    return alpha == ALPHA_DEFAULT
        ? Activation.ELU
        : param("elu", false, "alpha=" + alpha, (tf, x) -> ActivationOps.elu(tf, x, alpha));
  }

  /** CELU: {@code max(x, 0) + alpha · expm1(min(x, 0) / alpha)}, {@code alpha > 0}. */
  public static Activation celu(double alpha) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be > 0. Received: alpha=" + alpha);
    }
    return param(
        "celu",
        alpha == ALPHA_DEFAULT,
        "alpha=" + alpha,
        (tf, x) -> ActivationOps.celu(tf, x, alpha));
  }

  /** GELU, exact ({@code approximate=false}, {@link Activation#GELU}) or the tanh approximation. */
  public static Activation gelu(boolean approximate) {
    return approximate
        ? param("gelu", false, "approximate=True", (tf, x) -> gelu(tf, x, true))
        : Activation.GELU;
  }

  /** Soft shrinkage with {@code threshold}. */
  public static Activation softShrink(double threshold) {
    nonNegative("threshold", threshold);
    return param(
        "soft_shrink",
        threshold == SHRINK_THRESHOLD_DEFAULT,
        "threshold=" + threshold,
        (tf, x) -> ActivationOps.softShrink(tf, x, threshold));
  }

  /** Hard shrinkage with {@code threshold}. */
  public static Activation hardShrink(double threshold) {
    nonNegative("threshold", threshold);
    return param(
        "hard_shrink",
        threshold == SHRINK_THRESHOLD_DEFAULT,
        "threshold=" + threshold,
        (tf, x) -> ActivationOps.hardShrink(tf, x, threshold));
  }

  /** Squareplus {@code (x + sqrt(x² + b)) / 2}, {@code b >= 0}. */
  public static Activation squareplus(double b) {
    nonNegative("b", b);
    return param(
        "squareplus",
        b == SQUAREPLUS_B_DEFAULT,
        "b=" + b,
        (tf, x) -> ActivationOps.squareplus(tf, x, b));
  }

  /** Keras's {@code threshold(x, threshold, default_value)}: x above {@code threshold}, else {@code defaultValue}. */
  public static Activation threshold(double threshold, double defaultValue) {
    finite("threshold", threshold);
    finite("default_value", defaultValue);
    return param(
        "threshold",
        false,
        "threshold=" + threshold + ", default_value=" + defaultValue,
        (tf, x) -> ActivationOps.threshold(tf, x, threshold, defaultValue));
  }

  /** GELU from tensorflow-framework (exact via erf, or the tanh approximation), composed of ops that have gradients. */
  static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x, boolean approximate) {
    return FrameworkOps.create(tf).nn.gelu(x, approximate);
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
        Activation.SILU,
        Activation.SOFTPLUS,
        Activation.SOFTSIGN,
        Activation.HARD_SIGMOID,
        Activation.HARD_SILU,
        Activation.MISH,
        Activation.LOG_SOFTMAX,
        Activation.LOG_SIGMOID,
        Activation.CELU,
        Activation.GLU,
        Activation.SPARSEMAX,
        Activation.TANH_SHRINK,
        Activation.HARD_TANH,
        Activation.SOFT_SHRINK,
        Activation.HARD_SHRINK,
        Activation.SQUAREPLUS,
        Activation.SPARSE_PLUS,
        Activation.SPARSE_SIGMOID,
        Activation.EXPONENTIAL);
  }

  /** The names {@link #byName} accepts, Keras's aliases ({@code hard_swish}) included. */
  public static List<String> names() {
    List<String> n = new ArrayList<>(all().stream().map(Activation::name).toList());
    n.add("hard_swish");
    return n;
  }

  /** The built-in activation with Keras's name {@code name} ({@code hard_swish} is accepted for hard_silu). */
  public static Activation byName(String name) {
    String n = name.equals("hard_swish") ? "hard_silu" : name;
    for (Activation a : all()) if (a.name().equals(n)) return a;
    throw new IllegalArgumentException(
        "Unknown activation '" + name + "'. Expected one of " + names());
  }

  /** The activation's name for a config; fails for a variant whose parameters a Keras config cannot hold. */
  public static String configName(Activation a) {
    if (!a.hasKerasName()) {
      throw new IllegalArgumentException(
          "Activation '" + a.name() + "' has non-default parameters, "
              + "which a Keras config cannot hold (Keras saves activations by name). Use the layer form "
              + "(e.g. ReLU for relu's parameters) or the default activation to save this model.");
    }
    return a.name();
  }

  private static void finite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite. Received: " + name + "=" + v);
    }
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          name + " must be a finite number >= 0. Received: " + name + "=" + v);
    }
  }
}
