package io.tfweave.layers.quadratic;

import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.WeightOptions;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializers;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The weight options and the six weights shared by the quadratic layers: kernels {@code w_r, w_g, w_b} and biases
 * {@code b_r, b_g, c}, with their initializers, regularizers and Keras-style config keys.
 */
final class QuadraticWeights extends WeightOptions {
  boolean fused = true;
  QuadraticInitialization initialization = QuadraticInitialization.RANDOM;
  Weight wr;
  Weight wg;
  Weight wb;
  Weight br;
  Weight bg;
  Weight c;

  void useBias(boolean b) {
    if (!b && initialization == QuadraticInitialization.RELINEAR) throw relinearWithoutBias();
    useBias = b;
  }

  void initialization(QuadraticInitialization i) {
    if (i == null) throw new IllegalArgumentException("initialization must not be null. Expected RANDOM or RELINEAR");
    if (i == QuadraticInitialization.RELINEAR && !useBias) throw relinearWithoutBias();
    initialization = i;
  }

  private static IllegalArgumentException relinearWithoutBias() {
    return new IllegalArgumentException("ReLinear initialization sets b_g = 1 and needs biases; it cannot be combined with "
        + "use_bias=false. Received: initialization=relinear, use_bias=false");
  }

  /** Declares the kernels (shape {@code kernel}) and the biases ({@code [units]}), in the order w_r, w_g, w_b, b_r, b_g, c. */
  void build(WeightFactory w, Shape kernel, long units) {
    boolean relinear = initialization == QuadraticInitialization.RELINEAR;
    wr = w.add("w_r", kernel, kernelInitializer).regularizer(kernelRegularizer);
    wg = w.add("w_g", kernel, relinear ? Initializers.zeros() : kernelInitializer).regularizer(kernelRegularizer);
    wb = w.add("w_b", kernel, relinear ? Initializers.zeros() : kernelInitializer).regularizer(kernelRegularizer);
    if (useBias) {
      Shape b = Shape.of(units);
      br = w.add("b_r", b, biasInitializer).regularizer(biasRegularizer);
      bg = w.add("b_g", b, relinear ? Initializers.ones() : biasInitializer).regularizer(biasRegularizer);
      c = w.add("c", b, relinear ? Initializers.zeros() : biasInitializer).regularizer(biasRegularizer);
    }
  }

  /** The six weight values in op order (x excluded): w_r, b_r, w_g, b_g, w_b, c; zeros stand in for absent biases. */
  @SuppressWarnings("unchecked") // no generic array creation in Java; every element is an Operand<TFloat32>
  Operand<TFloat32>[] values(Ops tf, long units) {
    Operand<TFloat32> zeros = useBias ? null : tf.zeros(tf.constant(new long[] {units}), TFloat32.class);
    return (Operand<TFloat32>[]) new Operand<?>[] {
      wr.value(), useBias ? br.value() : zeros, wg.value(), useBias ? bg.value() : zeros, wb.value(), useBias ? c.value() : zeros
    };
  }

  /** Adds the shared keys to a layer config. */
  public void config(Map<String, Object> m) {
    super.config(m);
    m.put("initialization", initialization.configName());
    m.put("fused", fused);
  }

  /** Reads the shared keys from a layer config. */
  public void fromConfig(Map<String, Object> m) {
    super.fromConfig(m);
    Object init = m.get("initialization");
    initialization(init == null ? QuadraticInitialization.RANDOM : QuadraticInitialization.of(init.toString()));
    fused = Configs.bool(m, "fused", true);
  }
}
