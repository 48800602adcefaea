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
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private String padding = PADDING_DEFAULT;
  private int[] dilationRate = {1, 1};
  private Activation activation = Activation.LINEAR;
  private boolean useBias = true;
  private Initializer kernelInitializer = Initializers.glorotUniform();
  private Initializer biasInitializer = Initializers.zeros();
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Weight kernel;
  private Weight bias;

  /** A convolution with {@code filters} outputs and a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public Conv2D(int filters, int... kernelSize) {
    this.filters = Checks.positive("filters", filters);
    this.kernelSize = ConvArgs.pair("kernel_size", kernelSize);
  }

  /** Strides (default 1); one value or (height, width). */
  public Conv2D strides(int... s) { return configure(() -> this.strides = ConvArgs.pair("strides", s)); }

  /** {@code "valid"} (default, no padding) or {@code "same"} (output size = ceil(input / stride)). */
  public Conv2D padding(String p) { return configure(() -> this.padding = ConvArgs.padding(p)); }

  /** Dilation (atrous) rate (default 1); cannot be combined with strides above 1. */
  public Conv2D dilationRate(int... d) { return configure(() -> this.dilationRate = ConvArgs.pair("dilation_rate", d)); }

  /** The activation (default linear). */
  public Conv2D activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to add a bias (default true). */
  public Conv2D useBias(boolean b) { return configure(() -> this.useBias = b); }

  /** Kernel initializer (default glorot_uniform). */
  public Conv2D kernelInitializer(Initializer i) { return configure(() -> this.kernelInitializer = i); }

  /** Bias initializer (default zeros). */
  public Conv2D biasInitializer(Initializer i) { return configure(() -> this.biasInitializer = i); }

  /** Penalty on the kernel. */
  public Conv2D kernelRegularizer(Regularizer r) { return configure(() -> this.kernelRegularizer = r); }

  /** Penalty on the bias. */
  public Conv2D biasRegularizer(Regularizer r) { return configure(() -> this.biasRegularizer = r); }

  /** Penalty on the output. */
  public Conv2D activityRegularizer(Regularizer r) { return configure(() -> this.activityRegularizer = r); }

  /** Number of output channels. */
  public int filters() { return filters; }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, true);
    ConvArgs.checkStridesAndDilation(strides, dilationRate);
    ConvArgs.checkDilatedInput(this, in, dilationRate);
    if (kernel != null && in.get(3) != kernel.shape().get(2)) {
      throw shapeError("input with " + kernel.shape().get(2) + " channels (its kernel is " + Shapes.text(kernel.shape()) + ")", in,
          null);
    }
    long h = ConvArgs.outputLength(in.get(1), kernelSize[0], padding, strides[0], dilationRate[0]);
    long w = ConvArgs.outputLength(in.get(2), kernelSize[1], padding, strides[1], dilationRate[1]);
    ConvArgs.checkPositive(this, in, h, w, "a " + kernelSize[0] + "x" + kernelSize[1] + " kernel");
    return Shape.of(in.get(0), h, w, filters);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = w.add("kernel", Shape.of(kernelSize[0], kernelSize[1], in.get(3), filters), kernelInitializer)
        .regularizer(kernelRegularizer);
    if (useBias) bias = w.add("bias", Shape.of(filters), biasInitializer).regularizer(biasRegularizer);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> k = kernel.value();
    Operand<TFloat32> y = ConvArgs.dilated(dilationRate)
        ? ConvArgs.atrous(tf, x, kernelSize, dilationRate, padding, outputShape(x.shape()),
            b -> tf.nn.conv2d(b, k, List.of(1L, 1L, 1L, 1L), "VALID"))
        : tf.nn.conv2d(x, k, ConvArgs.nhwc(strides), padding.toUpperCase(Locale.ROOT));
    if (useBias) y = tf.nn.biasAdd(y, bias.value());
    Operand<TFloat32> out = activate(tf, activation, y);
    if (activityRegularizer != null) Ops2.addActivityLoss(tf, activityRegularizer, out);
    return out;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("filters", filters);
    c.put("kernel_size", ConvArgs.list(kernelSize));
    c.put("strides", ConvArgs.list(strides));
    c.put("padding", padding);
    c.put("data_format", ConvArgs.DATA_FORMAT);
    c.put("dilation_rate", ConvArgs.list(dilationRate));
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    c.put("kernel_initializer", Configs.initializer(kernelInitializer));
    c.put("bias_initializer", Configs.initializer(biasInitializer));
    c.put("kernel_regularizer", Configs.regularizer(kernelRegularizer));
    c.put("bias_regularizer", Configs.regularizer(biasRegularizer));
    c.put("activity_regularizer", Configs.regularizer(activityRegularizer));
    return c;
  }

  /** Rebuilds a Conv2D layer from its Keras config. */
  public static Conv2D fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    Conv2D l = new Conv2D(Configs.integer(c, "filters"), ConvArgs.pair(c, "kernel_size", null));
    l.strides = ConvArgs.pair(c, "strides", l.strides);
    l.padding = ConvArgs.padding((String) c.getOrDefault("padding", PADDING_DEFAULT));
    l.dilationRate = ConvArgs.pair(c, "dilation_rate", l.dilationRate);
    l.activation = Configs.activation(c, "activation");
    l.useBias = Configs.bool(c, "use_bias", true);
    l.kernelInitializer = Configs.initializer(c, "kernel_initializer", l.kernelInitializer);
    l.biasInitializer = Configs.initializer(c, "bias_initializer", l.biasInitializer);
    l.kernelRegularizer = Configs.regularizer(c, "kernel_regularizer");
    l.biasRegularizer = Configs.regularizer(c, "bias_regularizer");
    l.activityRegularizer = Configs.regularizer(c, "activity_regularizer");
    return Configs.common(l, c);
  }
}
