package io.tfweave.layers.convolutional;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.ConvOptions;
import io.tfweave.layers.internal.WeightOptions;
import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.regularizers.Regularizer;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A 2-D convolution over images (Keras's {@code Conv2D}): {@code activation(conv(x, kernel) + bias)}, channels last.
 *
 * <p>Weights: {@code kernel} [kh, kw, in, filters] (glorot_uniform), {@code bias} [filters] (zeros).
 * Input shape: {@code (batch, height, width, in)}. Output shape: {@code (batch, newHeight, newWidth, filters)}, where with
 * {@code padding="same"} {@code newHeight = ceil(height / stride)} and with {@code "valid"}
 * {@code newHeight = ceil((height - dilatedKernel + 1) / stride)}.
 */
public final class Conv2D extends Layer {
  /** Keras's default padding. */
  public static final String PADDING_DEFAULT = "valid";

  private final int filters;
  private final ConvOptions conv;
  private final WeightOptions o = new WeightOptions();
  private Activation activation = Activation.LINEAR;
  private Weight kernel;
  private Weight bias;

  /** A convolution with {@code filters} outputs and a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public Conv2D(int filters, int... kernelSize) {
    this.filters = Checks.positive("filters", filters);
    this.conv = new ConvOptions(kernelSize);
  }

  /** Strides (default 1); one value or (height, width). */
  public Conv2D strides(int... s) { return configure(() -> conv.strides(s)); }

  /** {@code "valid"} (default, no padding) or {@code "same"} (output size = ceil(input / stride)). */
  public Conv2D padding(String p) { return configure(() -> conv.padding(p)); }

  /** Dilation (atrous) rate (default 1); cannot be combined with strides above 1. */
  public Conv2D dilationRate(int... d) { return configure(() -> conv.dilationRate(d)); }

  /** The activation (default linear). */
  public Conv2D activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to add a bias (default true). */
  public Conv2D useBias(boolean b) { return configure(() -> o.useBias = b); }

  /** Kernel initializer (default glorot_uniform). */
  public Conv2D kernelInitializer(Initializer i) { return configure(() -> o.kernelInitializer = i); }

  /** Bias initializer (default zeros). */
  public Conv2D biasInitializer(Initializer i) { return configure(() -> o.biasInitializer = i); }

  /** Penalty on the kernel. */
  public Conv2D kernelRegularizer(Regularizer r) { return configure(() -> o.kernelRegularizer = r); }

  /** Penalty on the bias. */
  public Conv2D biasRegularizer(Regularizer r) { return configure(() -> o.biasRegularizer = r); }

  /** Penalty on the output. */
  public Conv2D activityRegularizer(Regularizer r) { return configure(() -> o.activityRegularizer = r); }

  /** Number of output channels. */
  public int filters() { return filters; }

  @Override
  public Shape outputShape(Shape in) {
    long[] hw = conv.outputSize(this, in, kernel, "its kernel is");
    return Shape.of(in.get(0), hw[0], hw[1], filters);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = o.kernel(w, "kernel", Shape.of(conv.kernelSize[0], conv.kernelSize[1], in.get(3), filters));
    bias = o.bias(w, filters);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> k = kernel.value();
    Operand<TFloat32> y = conv.convolve(tf, x, () -> outputShape(x.shape()), (b, s, p) -> tf.nn.conv2d(b, k, s, p));
    return o.output(tf, y, bias, activation);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("filters", filters);
    conv.putKernelStridesPadding(c);
    conv.putFormatAndDilation(c);
    c.put("activation", activation.name());
    o.config(c);
    return c;
  }

  /** Rebuilds a Conv2D layer from its Keras config. */
  public static Conv2D fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    Conv2D l = new Conv2D(Configs.integer(c, "filters"), ConvArgs.pair(c, "kernel_size", null));
    l.conv.readConfig(c);
    l.activation = Configs.activation(c, "activation");
    l.o.fromConfig(c);
    return Configs.common(l, c);
  }
}
