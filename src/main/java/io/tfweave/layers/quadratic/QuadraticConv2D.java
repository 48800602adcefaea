package io.tfweave.layers.quadratic;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.ConvOptions;
import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.regularizers.Regularizer;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A 2-D convolution of second-order (quadratic) neurons, channels last:
 * {@code activation((conv(x, W_r) + b_r) ∘ (conv(x, W_g) + b_g) + conv(x∘x, W_b) + c)}.
 *
 * <p>Weights: kernels {@code w_r}, {@code w_g}, {@code w_b} [kh, kw, in, filters] and biases {@code b_r}, {@code b_g},
 * {@code c} [filters], three times the parameters of the matching {@code Conv2D}. Initialisation, regularizers and the
 * {@code fused} option are those of {@link QuadraticDense}; the fused op's gradient uses {@code Conv2DBackpropInput} and
 * {@code Conv2DBackpropFilter} on the upstream gradient times {@code g} and times {@code r}.
 *
 * <p>Input shape: {@code (batch, height, width, in)}. Output shape: {@code (batch, newHeight, newWidth, filters)}, where with
 * {@code padding="same"} {@code newHeight = ceil(height / stride)} and with {@code "valid"} (default)
 * {@code newHeight = ceil((height - dilatedKernel + 1) / stride)}.
 */
public final class QuadraticConv2D extends Layer {
  /** Keras's default padding. */
  public static final String PADDING_DEFAULT = "valid";

  private final int filters;
  private final ConvOptions conv;
  private Activation activation = Activation.LINEAR;
  private final QuadraticWeights q = new QuadraticWeights();

  /** A quadratic convolution with {@code filters} outputs and a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public QuadraticConv2D(int filters, int... kernelSize) {
    this.filters = Checks.positive("filters", filters);
    this.conv = new ConvOptions(kernelSize);
  }

  /** Strides (default 1); one value or (height, width). */
  public QuadraticConv2D strides(int... s) { return configure(() -> conv.strides(s)); }

  /** {@code "valid"} (default, no padding) or {@code "same"} (output size = ceil(input / stride)). */
  public QuadraticConv2D padding(String p) { return configure(() -> conv.padding(p)); }

  /** Dilation (atrous) rate (default 1); cannot be combined with strides above 1, needs a static height and width. */
  public QuadraticConv2D dilationRate(int... d) { return configure(() -> conv.dilationRate(d)); }

  /** The activation (default linear). */
  public QuadraticConv2D activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to use the biases {@code b_r, b_g, c} (default true). */
  public QuadraticConv2D useBias(boolean b) { return configure(() -> q.useBias(b)); }

  /** Initializer of the kernels {@code w_r, w_g, w_b} (default glorot_uniform, drawn independently per kernel). */
  public QuadraticConv2D kernelInitializer(Initializer i) { return configure(() -> q.kernelInitializer = i); }

  /** Initializer of the biases {@code b_r, b_g, c} (default zeros). */
  public QuadraticConv2D biasInitializer(Initializer i) { return configure(() -> q.biasInitializer = i); }

  /** {@link QuadraticInitialization#RANDOM} (default) or {@link QuadraticInitialization#RELINEAR}. */
  public QuadraticConv2D initialization(QuadraticInitialization i) { return configure(() -> q.initialization(i)); }

  /** Penalty on each of the three kernels. */
  public QuadraticConv2D kernelRegularizer(Regularizer r) { return configure(() -> q.kernelRegularizer = r); }

  /** Penalty on each of the three biases. */
  public QuadraticConv2D biasRegularizer(Regularizer r) { return configure(() -> q.biasRegularizer = r); }

  /** Penalty on the output. */
  public QuadraticConv2D activityRegularizer(Regularizer r) { return configure(() -> q.activityRegularizer = r); }

  /** Whether to use the fused op with the closed-form gradient (default true) or autodiff of the composed ops. */
  public QuadraticConv2D fused(boolean f) { return configure(() -> q.fused = f); }

  /** Number of output channels. */
  public int filters() { return filters; }

  @Override
  public Shape outputShape(Shape in) {
    long[] hw = conv.outputSize(this, in, q.wr, "its kernels are");
    return Shape.of(in.get(0), hw[0], hw[1], filters);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    q.build(w, Shape.of(conv.kernelSize[0], conv.kernelSize[1], in.get(3), filters), filters);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32>[] v = q.values(tf, filters);
    Operand<TFloat32> h = QuadraticOps.conv2d(tf, x, v[0], v[1], v[2], v[3], v[4], v[5], conv.strides, conv.padding,
        conv.dilationRate, q.fused);
    return q.output(tf, h, null, activation);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("filters", filters);
    conv.putKernelStridesPadding(c);
    conv.putFormatAndDilation(c);
    c.put("activation", activation.name());
    q.config(c);
    return c;
  }

  /** Rebuilds a QuadraticConv2D layer from its config. */
  public static QuadraticConv2D fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    int filters = Configs.integer(c, "filters");
    if (c.get("kernel_size") == null) throw new IllegalArgumentException("Config is missing 'kernel_size'. Received: " + c);
    QuadraticConv2D l = new QuadraticConv2D(filters, ConvArgs.pair(c, "kernel_size", null));
    l.conv.readConfig(c);
    l.activation = Configs.activation(c, "activation");
    l.q.fromConfig(c);
    return Configs.common(l, c);
  }
}
