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
 * A depthwise separable 2-D convolution (Keras's {@code SeparableConv2D}): a depthwise convolution per input channel
 * followed by a 1×1 (pointwise) convolution that mixes the channels into {@code filters} outputs.
 *
 * <p>Weights: {@code depthwise_kernel} [kh, kw, in, depthMultiplier], {@code pointwise_kernel} [1, 1, in · depthMultiplier,
 * filters] (both glorot_uniform), {@code bias} [filters] (zeros). Input shape: {@code (batch, height, width, in)}. Output
 * shape: {@code (batch, newHeight, newWidth, filters)}, spatial sizes as in {@link Conv2D}.
 */
public final class SeparableConv2D extends Layer {
  private final int filters;
  private final int[] kernelSize;
  private int depthMultiplier = 1;
  private int[] strides = {1, 1};
  private String padding = Conv2D.PADDING_DEFAULT;
  private int[] dilationRate = {1, 1};
  private Activation activation = Activation.LINEAR;
  private boolean useBias = true;
  private Initializer depthwiseInitializer = Initializers.glorotUniform();
  private Initializer pointwiseInitializer = Initializers.glorotUniform();
  private Initializer biasInitializer = Initializers.zeros();
  private Regularizer depthwiseRegularizer;
  private Regularizer pointwiseRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Weight depthwise;
  private Weight pointwise;
  private Weight bias;

  /** A separable convolution with {@code filters} outputs and a square or rectangular kernel. */
  public SeparableConv2D(int filters, int... kernelSize) {
    this.filters = Checks.positive("filters", filters);
    this.kernelSize = ConvArgs.pair("kernel_size", kernelSize);
  }

  /** Depthwise outputs per input channel (default 1). */
  public SeparableConv2D depthMultiplier(int m) {
    return configure(() -> this.depthMultiplier = Checks.positive("depth_multiplier", m));
  }

  /** Strides (default 1). */
  public SeparableConv2D strides(int... s) { return configure(() -> this.strides = ConvArgs.pair("strides", s)); }

  /** {@code "valid"} (default) or {@code "same"}. */
  public SeparableConv2D padding(String p) { return configure(() -> this.padding = ConvArgs.padding(p)); }

  /** Dilation rate of the depthwise step (default 1); cannot be combined with strides above 1. */
  public SeparableConv2D dilationRate(int... d) {
    return configure(() -> this.dilationRate = ConvArgs.pair("dilation_rate", d));
  }

  /** The activation (default linear). */
  public SeparableConv2D activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to add a bias (default true). */
  public SeparableConv2D useBias(boolean b) { return configure(() -> this.useBias = b); }

  /** Depthwise kernel initializer (default glorot_uniform). */
  public SeparableConv2D depthwiseInitializer(Initializer i) { return configure(() -> this.depthwiseInitializer = i); }

  /** Pointwise kernel initializer (default glorot_uniform). */
  public SeparableConv2D pointwiseInitializer(Initializer i) { return configure(() -> this.pointwiseInitializer = i); }

  /** Bias initializer (default zeros). */
  public SeparableConv2D biasInitializer(Initializer i) { return configure(() -> this.biasInitializer = i); }

  /** Penalty on the depthwise kernel. */
  public SeparableConv2D depthwiseRegularizer(Regularizer r) { return configure(() -> this.depthwiseRegularizer = r); }

  /** Penalty on the pointwise kernel. */
  public SeparableConv2D pointwiseRegularizer(Regularizer r) { return configure(() -> this.pointwiseRegularizer = r); }

  /** Penalty on the bias. */
  public SeparableConv2D biasRegularizer(Regularizer r) { return configure(() -> this.biasRegularizer = r); }

  /** Penalty on the output. */
  public SeparableConv2D activityRegularizer(Regularizer r) { return configure(() -> this.activityRegularizer = r); }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, true);
    ConvArgs.checkStridesAndDilation(strides, dilationRate);
    ConvArgs.checkDilatedInput(this, in, dilationRate);
    if (depthwise != null && in.get(3) != depthwise.shape().get(2)) {
      throw shapeError("input with " + depthwise.shape().get(2) + " channels (its depthwise_kernel is "
          + Shapes.text(depthwise.shape()) + ")", in, null);
    }
    long h = ConvArgs.outputLength(in.get(1), kernelSize[0], padding, strides[0], dilationRate[0]);
    long w = ConvArgs.outputLength(in.get(2), kernelSize[1], padding, strides[1], dilationRate[1]);
    ConvArgs.checkPositive(this, in, h, w, "a " + kernelSize[0] + "x" + kernelSize[1] + " kernel");
    return Shape.of(in.get(0), h, w, filters);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    long channels = in.get(3);
    depthwise = w.add("depthwise_kernel", Shape.of(kernelSize[0], kernelSize[1], channels, depthMultiplier),
        depthwiseInitializer).regularizer(depthwiseRegularizer);
    pointwise = w.add("pointwise_kernel", Shape.of(1, 1, channels * depthMultiplier, filters), pointwiseInitializer)
        .regularizer(pointwiseRegularizer);
    if (useBias) bias = w.add("bias", Shape.of(filters), biasInitializer).regularizer(biasRegularizer);
  }

  private Shape depthwiseShape(Shape in) {
    Shape out = outputShape(in);
    return Shape.of(out.get(0), out.get(1), out.get(2), in.get(3) * depthMultiplier);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> k = depthwise.value();
    Operand<TFloat32> d = ConvArgs.dilated(dilationRate)
        ? ConvArgs.atrous(tf, x, kernelSize, dilationRate, padding, depthwiseShape(x.shape()),
            b -> tf.nn.depthwiseConv2dNative(b, k, List.of(1L, 1L, 1L, 1L), "VALID"))
        : tf.nn.depthwiseConv2dNative(x, k, ConvArgs.nhwc(strides), padding.toUpperCase(Locale.ROOT));
    Operand<TFloat32> y = tf.nn.conv2d(d, pointwise.value(), List.of(1L, 1L, 1L, 1L), "VALID");
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
    c.put("depth_multiplier", depthMultiplier);
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    c.put("depthwise_initializer", Configs.initializer(depthwiseInitializer));
    c.put("pointwise_initializer", Configs.initializer(pointwiseInitializer));
    c.put("bias_initializer", Configs.initializer(biasInitializer));
    c.put("depthwise_regularizer", Configs.regularizer(depthwiseRegularizer));
    c.put("pointwise_regularizer", Configs.regularizer(pointwiseRegularizer));
    c.put("bias_regularizer", Configs.regularizer(biasRegularizer));
    c.put("activity_regularizer", Configs.regularizer(activityRegularizer));
    return c;
  }

  /** Rebuilds a SeparableConv2D layer from its Keras config. */
  public static SeparableConv2D fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    SeparableConv2D l = new SeparableConv2D(Configs.integer(c, "filters"), ConvArgs.pair(c, "kernel_size", null));
    l.depthMultiplier = Checks.positive("depth_multiplier", (int) Configs.num(c, "depth_multiplier", 1));
    l.strides = ConvArgs.pair(c, "strides", l.strides);
    l.padding = ConvArgs.padding((String) c.getOrDefault("padding", Conv2D.PADDING_DEFAULT));
    l.dilationRate = ConvArgs.pair(c, "dilation_rate", l.dilationRate);
    l.activation = Configs.activation(c, "activation");
    l.useBias = Configs.bool(c, "use_bias", true);
    l.depthwiseInitializer = Configs.initializer(c, "depthwise_initializer", l.depthwiseInitializer);
    l.pointwiseInitializer = Configs.initializer(c, "pointwise_initializer", l.pointwiseInitializer);
    l.biasInitializer = Configs.initializer(c, "bias_initializer", l.biasInitializer);
    l.depthwiseRegularizer = Configs.regularizer(c, "depthwise_regularizer");
    l.pointwiseRegularizer = Configs.regularizer(c, "pointwise_regularizer");
    l.biasRegularizer = Configs.regularizer(c, "bias_regularizer");
    l.activityRegularizer = Configs.regularizer(c, "activity_regularizer");
    return Configs.common(l, c);
  }
}
