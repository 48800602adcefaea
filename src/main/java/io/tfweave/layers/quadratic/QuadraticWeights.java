package io.tfweave.layers.quadratic;

import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.Option;
import io.tfweave.layers.WeightedLayer;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The options and the six weights shared by the quadratic layers: kernels {@code w_r, w_g, w_b} and biases
 * {@code b_r, b_g, c}, declared with the layer's kernel and bias initializers and regularizers.
 */
final class QuadraticWeights {
  /**
   * Key {@code initialization}: {@code relinear}, {@code random}, or null (the default), which means relinear for a layer
   * with biases and random for one without (ReLinear needs {@code b_g = 1}).
   */
  static final Option<QuadraticInitialization> INITIALIZATION =
      Option.mode("initialization", QuadraticInitialization.class, null).nullable();
  /** Key {@code fused}: the fused op with the closed-form gradient (default true) or autodiff of the composed ops. */
  static final Option<Boolean> FUSED = Option.bool("fused", true);

  Weight wr;
  Weight wg;
  Weight wb;
  Weight br;
  Weight bg;
  Weight c;

  /** The initialisation a layer uses: the one set, else RELINEAR with biases and RANDOM without. */
  static QuadraticInitialization resolve(QuadraticInitialization set, boolean useBias) {
    if (set != null) return set;
    return useBias ? QuadraticInitialization.RELINEAR : QuadraticInitialization.RANDOM;
  }

  /** ReLinear sets {@code b_g = 1} and needs the biases. */
  static void check(QuadraticInitialization initialization, boolean useBias) {
    if (!useBias && initialization == QuadraticInitialization.RELINEAR) {
      throw new IllegalArgumentException(
          "ReLinear initialization sets b_g = 1 and needs biases; it cannot be combined with "
              + "use_bias=false. Received: initialization=relinear, use_bias=false");
    }
  }

  /** Declares the kernels (shape {@code kernel}) and the biases ({@code [units]}), in the order w_r, w_g, w_b, b_r, b_g, c. */
  void build(
      WeightFactory w,
      WeightedLayer<?> layer,
      QuadraticInitialization initialization,
      Shape kernel,
      long units) {
    boolean relinear = resolve(initialization, layer.useBias()) == QuadraticInitialization.RELINEAR;
    Initializer k = layer.kernelInitializer();
    wr = w.add("w_r", kernel, k)
        .regularizer(layer.kernelRegularizer())
        .constraint(layer.kernelConstraint());
    wg = w.add("w_g", kernel, relinear ? Initializers.zeros() : k)
        .regularizer(layer.kernelRegularizer())
        .constraint(layer.kernelConstraint());
    wb = w.add("w_b", kernel, relinear ? Initializers.zeros() : k)
        .regularizer(layer.kernelRegularizer())
        .constraint(layer.kernelConstraint());
    if (layer.useBias()) {
      Shape b = Shape.of(units);
      Initializer i = layer.biasInitializer();
      br = w.add("b_r", b, i)
          .regularizer(layer.biasRegularizer())
          .constraint(layer.biasConstraint());
      bg = w.add("b_g", b, relinear ? Initializers.ones() : i)
          .regularizer(layer.biasRegularizer())
          .constraint(layer.biasConstraint());
      c = w.add("c", b, relinear ? Initializers.zeros() : i)
          .regularizer(layer.biasRegularizer())
          .constraint(layer.biasConstraint());
    }
  }

  /** The six weight values in op order (x excluded): w_r, b_r, w_g, b_g, w_b, c; zeros stand in for absent biases. */
  @SuppressWarnings(
      "unchecked") // no generic array creation in Java; every element is an Operand<TFloat32>
  Operand<TFloat32>[] values(Ops tf, long units) {
    boolean biases = br != null;
    Operand<TFloat32> zeros =
        biases ? null : tf.zeros(tf.constant(new long[] {units}), TFloat32.class);
    return (Operand<TFloat32>[]) new Operand<?>[] {
      wr.value(),
      biases ? br.value() : zeros,
      wg.value(),
      biases ? bg.value() : zeros,
      wb.value(),
      biases ? c.value() : zeros
    };
  }
}
