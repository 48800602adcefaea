package io.tfweave.layers;

import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.List;
import java.util.Locale;
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
  private final int[] kernelSize;
  private int depthMultiplier = 1;
  private int[] strides = {1, 1};
  private String padding = Conv2D.PADDING_DEFAULT;
  private int[] dilationRate = {1, 1};
  private Activation activation = Activation.LINEAR;
  private boolean useBias = true;
  private Initializer depthwiseInitializer = Initializers.glorotUniform();
  private Initializer biasInitializer = Initializers.zeros();
  private Regularizer depthwiseRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Weight kernel;
  private Weight bias;

  /** A depthwise convolution with a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public DepthwiseConv2D(int... kernelSize) { this.kernelSize = ConvArgs.pair("kernel_size", kernelSize); }

  /** Output channels per input channel (default 1). */
  public DepthwiseConv2D depthMultiplier(int m) {
    return configure(() -> this.depthMultiplier = Checks.positive("depth_multiplier", m));
  }

  /** Strides (default 1); one value or (height, width). */
  public DepthwiseConv2D strides(int... s) { return configure(() -> this.strides = ConvArgs.pair("strides", s)); }

  /** {@code "valid"} (default) or {@code "same"}. */
  public DepthwiseConv2D padding(String p) { return configure(() -> this.padding = ConvArgs.padding(p)); }

  /** Dilation rate (default 1); cannot be combined with strides above 1. */
  public DepthwiseConv2D dilationRate(int... d) {
    return configure(() -> this.dilationRate = ConvArgs.pair("dilation_rate", d));
  }

  /** The activation (default linear). */
  public DepthwiseConv2D activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to add a bias (default true). */
  public DepthwiseConv2D useBias(boolean b) { return configure(() -> this.useBias = b); }

  /** Depthwise kernel initializer (default glorot_uniform). */
  public DepthwiseConv2D depthwiseInitializer(Initializer i) { return configure(() -> this.depthwiseInitializer = i); }

  /** Bias initializer (default zeros). */
  public DepthwiseConv2D biasInitializer(Initializer i) { return configure(() -> this.biasInitializer = i); }

  /** Penalty on the depthwise kernel. */
  public DepthwiseConv2D depthwiseRegularizer(Regularizer r) { return configure(() -> this.depthwiseRegularizer = r); }

  /** Penalty on the bias. */
  public DepthwiseConv2D biasRegularizer(Regularizer r) { return configure(() -> this.biasRegularizer = r); }

  /** Penalty on the output. */
  public DepthwiseConv2D activityRegularizer(Regularizer r) { return configure(() -> this.activityRegularizer = r); }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, true);
    ConvArgs.checkStridesAndDilation(strides, dilationRate);
    ConvArgs.checkDilatedInput(this, in, dilationRate);
    if (kernel != null && in.get(3) != kernel.shape().get(2)) {
      throw shapeError("input with " + kernel.shape().get(2) + " channels (its depthwise_kernel is "
          + Shapes.text(kernel.shape()) + ")", in, null);
    }
    long h = ConvArgs.outputLength(in.get(1), kernelSize[0], padding, strides[0], dilationRate[0]);
    long w = ConvArgs.outputLength(in.get(2), kernelSize[1], padding, strides[1], dilationRate[1]);
    ConvArgs.checkPositive(this, in, h, w, "a " + kernelSize[0] + "x" + kernelSize[1] + " kernel");
    return Shape.of(in.get(0), h, w, in.get(3) * depthMultiplier);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = w.add("depthwise_kernel", Shape.of(kernelSize[0], kernelSize[1], in.get(3), depthMultiplier),
        depthwiseInitializer).regularizer(depthwiseRegularizer);
    if (useBias) bias = w.add("bias", Shape.of(in.get(3) * depthMultiplier), biasInitializer).regularizer(biasRegularizer);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> k = kernel.value();
    Operand<TFloat32> y = ConvArgs.dilated(dilationRate)
        ? ConvArgs.atrous(tf, x, kernelSize, dilationRate, padding, outputShape(x.shape()),
            b -> tf.nn.depthwiseConv2dNative(b, k, List.of(1L, 1L, 1L, 1L), "VALID"))
        : tf.nn.depthwiseConv2dNative(x, k, ConvArgs.nhwc(strides), padding.toUpperCase(Locale.ROOT));
    if (useBias) y = tf.nn.biasAdd(y, bias.value());
    Operand<TFloat32> out = activate(tf, activation, y);
    if (activityRegularizer != null) Ops2.addActivityLoss(tf, activityRegularizer, out);
    return out;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("kernel_size", ConvArgs.list(kernelSize));
    c.put("strides", ConvArgs.list(strides));
    c.put("padding", padding);
    c.put("depth_multiplier", depthMultiplier);
    c.put("data_format", ConvArgs.DATA_FORMAT);
    c.put("dilation_rate", ConvArgs.list(dilationRate));
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    c.put("depthwise_initializer", Configs.initializer(depthwiseInitializer));
    c.put("bias_initializer", Configs.initializer(biasInitializer));
    c.put("depthwise_regularizer", Configs.regularizer(depthwiseRegularizer));
    c.put("bias_regularizer", Configs.regularizer(biasRegularizer));
    c.put("activity_regularizer", Configs.regularizer(activityRegularizer));
    return c;
  }

  /** Rebuilds a DepthwiseConv2D layer from its Keras config. */
  public static DepthwiseConv2D fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    DepthwiseConv2D l = new DepthwiseConv2D(ConvArgs.pair(c, "kernel_size", null));
    l.depthMultiplier = Checks.positive("depth_multiplier", (int) Configs.num(c, "depth_multiplier", 1));
    l.strides = ConvArgs.pair(c, "strides", l.strides);
    l.padding = ConvArgs.padding((String) c.getOrDefault("padding", Conv2D.PADDING_DEFAULT));
    l.dilationRate = ConvArgs.pair(c, "dilation_rate", l.dilationRate);
    l.activation = Configs.activation(c, "activation");
    l.useBias = Configs.bool(c, "use_bias", true);
    l.depthwiseInitializer = Configs.initializer(c, "depthwise_initializer", l.depthwiseInitializer);
    l.biasInitializer = Configs.initializer(c, "bias_initializer", l.biasInitializer);
    l.depthwiseRegularizer = Configs.regularizer(c, "depthwise_regularizer");
    l.biasRegularizer = Configs.regularizer(c, "bias_regularizer");
    l.activityRegularizer = Configs.regularizer(c, "activity_regularizer");
    return Configs.common(l, c);
  }
}
