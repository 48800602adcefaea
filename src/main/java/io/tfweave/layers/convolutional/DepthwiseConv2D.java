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
 * A depthwise 2-D convolution (Keras's {@code DepthwiseConv2D}): each input channel is convolved with its own
 * {@code depthMultiplier} filters, without mixing channels; output channel {@code c * depthMultiplier + m} comes from input
 * channel {@code c}.
 *
 * <p>Weights: {@code depthwise_kernel} [kh, kw, in, depthMultiplier] (glorot_uniform), {@code bias} [in · depthMultiplier]
 * (zeros). Input shape: {@code (batch, height, width, in)}. Output shape: {@code (batch, newHeight, newWidth, in ·
 * depthMultiplier)}, spatial sizes as in {@link Conv2D}.
 */
public final class DepthwiseConv2D extends Layer {
  private final ConvOptions conv;
  private final WeightOptions o = new WeightOptions("depthwise");
  private int depthMultiplier = 1;
  private Activation activation = Activation.LINEAR;
  private Weight kernel;
  private Weight bias;

  /** A depthwise convolution with a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public DepthwiseConv2D(int... kernelSize) { this.conv = new ConvOptions(kernelSize); }

  /** Output channels per input channel (default 1). */
  public DepthwiseConv2D depthMultiplier(int m) {
    return configure(() -> this.depthMultiplier = Checks.positive("depth_multiplier", m));
  }

  /** Strides (default 1); one value or (height, width). */
  public DepthwiseConv2D strides(int... s) { return configure(() -> conv.strides(s)); }

  /** {@code "valid"} (default) or {@code "same"}. */
  public DepthwiseConv2D padding(String p) { return configure(() -> conv.padding(p)); }

  /** Dilation rate (default 1); cannot be combined with strides above 1. */
  public DepthwiseConv2D dilationRate(int... d) { return configure(() -> conv.dilationRate(d)); }

  /** The activation (default linear). */
  public DepthwiseConv2D activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to add a bias (default true). */
  public DepthwiseConv2D useBias(boolean b) { return configure(() -> o.useBias = b); }

  /** Depthwise kernel initializer (default glorot_uniform). */
  public DepthwiseConv2D depthwiseInitializer(Initializer i) { return configure(() -> o.kernelInitializer = i); }

  /** Bias initializer (default zeros). */
  public DepthwiseConv2D biasInitializer(Initializer i) { return configure(() -> o.biasInitializer = i); }

  /** Penalty on the depthwise kernel. */
  public DepthwiseConv2D depthwiseRegularizer(Regularizer r) { return configure(() -> o.kernelRegularizer = r); }

  /** Penalty on the bias. */
  public DepthwiseConv2D biasRegularizer(Regularizer r) { return configure(() -> o.biasRegularizer = r); }

  /** Penalty on the output. */
  public DepthwiseConv2D activityRegularizer(Regularizer r) { return configure(() -> o.activityRegularizer = r); }

  @Override
  public Shape outputShape(Shape in) {
    long[] hw = conv.outputSize(this, in, kernel, "its depthwise_kernel is");
    return Shape.of(in.get(0), hw[0], hw[1], in.get(3) * depthMultiplier);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = o.kernel(w, "depthwise_kernel", Shape.of(conv.kernelSize[0], conv.kernelSize[1], in.get(3), depthMultiplier));
    bias = o.bias(w, in.get(3) * depthMultiplier);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> k = kernel.value();
    Operand<TFloat32> y = conv.convolve(tf, x, () -> outputShape(x.shape()),
        (b, s, p) -> tf.nn.depthwiseConv2dNative(b, k, s, p));
    return o.output(tf, y, bias, activation);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    conv.putKernelStridesPadding(c);
    c.put("depth_multiplier", depthMultiplier);
    conv.putFormatAndDilation(c);
    c.put("activation", activation.name());
    o.config(c);
    return c;
  }

  /** Rebuilds a DepthwiseConv2D layer from its Keras config. */
  public static DepthwiseConv2D fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    DepthwiseConv2D l = new DepthwiseConv2D(ConvArgs.pair(c, "kernel_size", null));
    l.depthMultiplier = Checks.positive("depth_multiplier", (int) Configs.num(c, "depth_multiplier", 1));
    l.conv.readConfig(c);
    l.activation = Configs.activation(c, "activation");
    l.o.fromConfig(c);
    return Configs.common(l, c);
  }
}
