package io.tfweave.layers.internal;

import io.tfweave.internal.Ops2;
import io.tfweave.layers.Layer;
import io.tfweave.layers.convolutional.DepthwiseConv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.activations.Activation;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.regularizers.Regularizer;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The kernel and bias options shared by {@link Dense}, the convolutions and the quadratic layers: {@code use_bias}, the
 * kernel and bias initializers (glorot_uniform, zeros), the kernel, bias and activity regularizers, and their Keras config
 * entries. The kernel's config keys start with {@code kernelKey} ({@code kernel_initializer}, or
 * {@code depthwise_initializer} for {@link DepthwiseConv2D}).
 */
public class WeightOptions {
  private final String kernelKey;
  public boolean useBias = true;
  public Initializer kernelInitializer = Initializers.glorotUniform();
  public Initializer biasInitializer = Initializers.zeros();
  public Regularizer kernelRegularizer;
  public Regularizer biasRegularizer;
  public Regularizer activityRegularizer;

  /** Options whose config keys are {@code kernel_initializer} and {@code kernel_regularizer}. */
  public WeightOptions() { this("kernel"); }

  /** Options whose kernel config keys are {@code <kernelKey>_initializer} and {@code <kernelKey>_regularizer}. */
  public WeightOptions(String kernelKey) { this.kernelKey = kernelKey; }

  /** Declares the kernel with the kernel initializer and regularizer. */
  public Weight kernel(WeightFactory w, String name, Shape shape) {
    return w.add(name, shape, kernelInitializer).regularizer(kernelRegularizer);
  }

  /** Declares the bias {@code [size]} when {@code use_bias}; null otherwise. */
  public Weight bias(WeightFactory w, long size) {
    return useBias ? w.add("bias", Shape.of(size), biasInitializer).regularizer(biasRegularizer) : null;
  }

  /** Adds the bias (if any), applies the activation and records the activity penalty. */
  public Operand<TFloat32> output(Ops tf, Operand<TFloat32> y, Weight bias, Activation activation) {
    return output(tf, y, bias, activation, activityRegularizer);
  }

  /** Adds {@code bias} (if not null), applies the activation and records the activity penalty (if any). */
  public static Operand<TFloat32> output(Ops tf, Operand<TFloat32> y, Weight bias, Activation activation, Regularizer activity) {
    if (bias != null) y = tf.nn.biasAdd(y, bias.value());
    Operand<TFloat32> out = Layer.activate(tf, activation, y);
    if (activity != null) Ops2.addActivityLoss(tf, activity, out);
    return out;
  }

  /** Adds {@code use_bias}, the initializers and the regularizers to a layer config, in Keras's order. */
  public void config(Map<String, Object> c) {
    c.put("use_bias", useBias);
    c.put(kernelKey + "_initializer", Configs.initializer(kernelInitializer));
    c.put("bias_initializer", Configs.initializer(biasInitializer));
    c.put(kernelKey + "_regularizer", Configs.regularizer(kernelRegularizer));
    c.put("bias_regularizer", Configs.regularizer(biasRegularizer));
    c.put("activity_regularizer", Configs.regularizer(activityRegularizer));
  }

  /** Reads the entries that {@link #config} writes; absent initializers keep their defaults. */
  public void fromConfig(Map<String, Object> c) {
    useBias = Configs.bool(c, "use_bias", true);
    kernelInitializer = Configs.initializer(c, kernelKey + "_initializer", kernelInitializer);
    biasInitializer = Configs.initializer(c, "bias_initializer", biasInitializer);
    kernelRegularizer = Configs.regularizer(c, kernelKey + "_regularizer");
    biasRegularizer = Configs.regularizer(c, "bias_regularizer");
    activityRegularizer = Configs.regularizer(c, "activity_regularizer");
  }
}
