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
import io.tfweave.initializers.Initializers;
import io.tfweave.regularizers.Regularizer;
import java.util.List;
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
  private final ConvOptions conv;
  private int depthMultiplier = 1;
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
    this.conv = new ConvOptions(kernelSize);
  }

  /** Depthwise outputs per input channel (default 1). */
  public SeparableConv2D depthMultiplier(int m) {
    return configure(() -> this.depthMultiplier = Checks.positive("depth_multiplier", m));
  }

  /** Strides (default 1). */
  public SeparableConv2D strides(int... s) { return configure(() -> conv.strides(s)); }

  /** {@code "valid"} (default) or {@code "same"}. */
  public SeparableConv2D padding(String p) { return configure(() -> conv.padding(p)); }

  /** Dilation rate of the depthwise step (default 1); cannot be combined with strides above 1. */
  public SeparableConv2D dilationRate(int... d) { return configure(() -> conv.dilationRate(d)); }

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
    long[] hw = conv.outputSize(this, in, depthwise, "its depthwise_kernel is");
    return Shape.of(in.get(0), hw[0], hw[1], filters);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    long channels = in.get(3);
    depthwise = w.add("depthwise_kernel", Shape.of(conv.kernelSize[0], conv.kernelSize[1], channels, depthMultiplier),
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
    Operand<TFloat32> d = conv.convolve(tf, x, () -> depthwiseShape(x.shape()),
        (b, s, p) -> tf.nn.depthwiseConv2dNative(b, k, s, p));
    Operand<TFloat32> y = tf.nn.conv2d(d, pointwise.value(), List.of(1L, 1L, 1L, 1L), "VALID");
    return WeightOptions.output(tf, y, bias, activation, activityRegularizer);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("filters", filters);
    conv.putKernelStridesPadding(c);
    conv.putFormatAndDilation(c);
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
    l.conv.readConfig(c);
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
