package io.tfweave.layers;

import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private String padding = PADDING_DEFAULT;
  private int[] dilationRate = {1, 1};
  private Activation activation = Activation.LINEAR;
  private final QuadraticWeights q = new QuadraticWeights();

  /** A quadratic convolution with {@code filters} outputs and a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public QuadraticConv2D(int filters, int... kernelSize) {
    this.filters = Checks.positive("filters", filters);
    this.kernelSize = pair("kernel_size", kernelSize);
  }

  /** Strides (default 1); one value or (height, width). */
  public QuadraticConv2D strides(int... s) { return configure(() -> this.strides = pair("strides", s)); }

  /** {@code "valid"} (default, no padding) or {@code "same"} (output size = ceil(input / stride)). */
  public QuadraticConv2D padding(String p) { return configure(() -> this.padding = checkPadding(p)); }

  /** Dilation (atrous) rate (default 1); cannot be combined with strides above 1, needs a static height and width. */
  public QuadraticConv2D dilationRate(int... d) { return configure(() -> this.dilationRate = pair("dilation_rate", d)); }

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
    if (in.numDimensions() != 4) {
      throw shapeError("a 4-D input (batch, height, width, channels)", in,
          in.numDimensions() == 3 ? "add a channel axis, e.g. Input.of(28, 28, 1) for grey images." : null);
    }
    if (in.get(3) < 0) throw shapeError("a known number of channels (last dimension)", in, null);
    boolean dilated = dilationRate[0] > 1 || dilationRate[1] > 1;
    if (dilated && (strides[0] > 1 || strides[1] > 1)) {
      throw new IllegalArgumentException("strides > 1 not supported in conjunction with dilation_rate > 1. Received: strides="
          + list(strides) + " and dilation_rate=" + list(dilationRate));
    }
    if (dilated && (in.get(1) < 0 || in.get(2) < 0)) {
      throw shapeError("known height and width (needed with dilation_rate " + list(dilationRate) + ")", in, null);
    }
    if (q.wr != null && in.get(3) != q.wr.shape().get(2)) {
      throw shapeError("input with " + q.wr.shape().get(2) + " channels (its kernels are " + Shapes.text(q.wr.shape()) + ")",
          in, null);
    }
    long h = outputLength(in.get(1), 0);
    long w = outputLength(in.get(2), 1);
    if (h == 0 || w == 0) {
      throw shapeError("an input large enough for a " + kernelSize[0] + "x" + kernelSize[1] + " kernel (the output would be "
          + h + "x" + w + ")", in, "use padding=\"same\", a smaller kernel or stride, or a larger input.");
    }
    return Shape.of(in.get(0), h, w, filters);
  }

  /** Keras's {@code conv_output_length}; -1 for an unknown input length, 0 when the kernel does not fit. */
  private long outputLength(long in, int axis) {
    if (in < 0) return -1;
    long dilated = kernelSize[axis] + (long) (kernelSize[axis] - 1) * (dilationRate[axis] - 1);
    long span = padding.equals("same") ? in : in - dilated + 1;
    return span <= 0 ? 0 : (span + strides[axis] - 1) / strides[axis];
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    q.build(w, Shape.of(kernelSize[0], kernelSize[1], in.get(3), filters), filters);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32>[] v = q.values(tf, filters);
    Operand<TFloat32> h = QuadraticOps.conv2d(tf, x, v[0], v[1], v[2], v[3], v[4], v[5], strides, padding, dilationRate,
        q.fused);
    Operand<TFloat32> out = activate(tf, activation, h);
    if (q.activityRegularizer != null) Ops2.addActivityLoss(tf, q.activityRegularizer, out);
    return out;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("filters", filters);
    c.put("kernel_size", list(kernelSize));
    c.put("strides", list(strides));
    c.put("padding", padding);
    c.put("data_format", "channels_last");
    c.put("dilation_rate", list(dilationRate));
    c.put("activation", activation.name());
    q.config(c);
    return c;
  }

  /** Rebuilds a QuadraticConv2D layer from its config. */
  public static QuadraticConv2D fromConfig(Map<String, Object> c) {
    Object format = c.get("data_format");
    if (format != null && !"channels_last".equals(format)) {
      throw new IllegalArgumentException("Only data_format=channels_last (NHWC) is supported. Received: data_format=" + format);
    }
    QuadraticConv2D l = new QuadraticConv2D(Configs.integer(c, "filters"), pair(c, "kernel_size", null));
    l.strides = pair(c, "strides", l.strides);
    l.padding = checkPadding((String) c.getOrDefault("padding", PADDING_DEFAULT));
    l.dilationRate = pair(c, "dilation_rate", l.dilationRate);
    l.activation = Configs.activation(c, "activation");
    l.q.fromConfig(c);
    return Configs.common(l, c);
  }

  private static String checkPadding(String value) {
    String p = value == null ? null : value.toLowerCase(Locale.ROOT);
    return Checks.oneOf("padding", p, "valid", "same");
  }

  private static int[] pair(String name, int... values) {
    if (values == null || values.length < 1 || values.length > 2) {
      throw new IllegalArgumentException(name + " must be one integer or two integers (height, width). Received: " + name + "="
          + (values == null ? "null" : Arrays.toString(values)));
    }
    int[] p = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
    for (int v : p) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must contain positive integers. Received: " + name + "="
            + Arrays.toString(values));
      }
    }
    return p;
  }

  private static int[] pair(Map<String, Object> c, String key, int[] fallback) {
    if (c.get(key) == null) {
      if (fallback == null) throw new IllegalArgumentException("Config is missing '" + key + "'. Received: " + c);
      return fallback;
    }
    long[] v = Configs.longs(c, key);
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) r[i] = (int) v[i];
    return pair(key, r);
  }

  private static List<Integer> list(int[] p) { return List.of(p[0], p[1]); }
}
