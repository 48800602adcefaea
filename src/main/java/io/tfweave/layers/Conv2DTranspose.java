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
import org.tensorflow.types.TInt32;

/**
 * A transposed 2-D convolution (Keras's {@code Conv2DTranspose}, sometimes called deconvolution): the gradient of a
 * {@link Conv2D} with respect to its input, used to up-sample feature maps.
 *
 * <p>Dilation is not supported (TensorFlow Java 1.0.0 has no CPU kernel for it).
 *
 * <p>Weights: {@code kernel} [kh, kw, filters, in] (glorot_uniform; note the swapped channel axes), {@code bias} [filters].
 * Input shape: {@code (batch, height, width, in)} with known height and width. Output shape: {@code (batch, newHeight,
 * newWidth, filters)} with {@code newHeight = height · stride} for {@code "same"} and {@code height · stride +
 * max(kernel − stride, 0)} for {@code "valid"}; with an output padding {@code p},
 * {@code newHeight = (height − 1) · stride + kernel − 2 · pad + p} where {@code pad} is {@code kernel / 2} for "same".
 */
public final class Conv2DTranspose extends Layer {
  private final int filters;
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private String padding = Conv2D.PADDING_DEFAULT;
  private int[] outputPadding;
  private Activation activation = Activation.LINEAR;
  private boolean useBias = true;
  private Initializer kernelInitializer = Initializers.glorotUniform();
  private Initializer biasInitializer = Initializers.zeros();
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Weight kernel;
  private Weight bias;

  /** A transposed convolution with {@code filters} outputs and a square or rectangular kernel. */
  public Conv2DTranspose(int filters, int... kernelSize) {
    this.filters = Checks.positive("filters", filters);
    this.kernelSize = ConvArgs.pair("kernel_size", kernelSize);
  }

  /** Strides, i.e. the up-sampling factor (default 1). */
  public Conv2DTranspose strides(int... s) { return configure(() -> this.strides = ConvArgs.pair("strides", s)); }

  /** {@code "valid"} (default) or {@code "same"}. */
  public Conv2DTranspose padding(String p) { return configure(() -> this.padding = ConvArgs.padding(p)); }

  /** Extra rows/columns added to one side of the output (default none: inferred); each must be below its stride. */
  public Conv2DTranspose outputPadding(int... p) {
    return configure(() -> {
      if (p == null || p.length < 1 || p.length > 2) {
        throw new IllegalArgumentException("output_padding must be one or two non-negative integers. Received: output_padding="
            + java.util.Arrays.toString(p));
      }
      int[] v = p.length == 1 ? new int[] {p[0], p[0]} : p.clone();
      for (int k : v) Checks.nonNegative("output_padding", k);
      this.outputPadding = v;
    });
  }

  /** The activation (default linear). */
  public Conv2DTranspose activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to add a bias (default true). */
  public Conv2DTranspose useBias(boolean b) { return configure(() -> this.useBias = b); }

  /** Kernel initializer (default glorot_uniform). */
  public Conv2DTranspose kernelInitializer(Initializer i) { return configure(() -> this.kernelInitializer = i); }

  /** Bias initializer (default zeros). */
  public Conv2DTranspose biasInitializer(Initializer i) { return configure(() -> this.biasInitializer = i); }

  /** Penalty on the kernel. */
  public Conv2DTranspose kernelRegularizer(Regularizer r) { return configure(() -> this.kernelRegularizer = r); }

  /** Penalty on the bias. */
  public Conv2DTranspose biasRegularizer(Regularizer r) { return configure(() -> this.biasRegularizer = r); }

  /** Penalty on the output. */
  public Conv2DTranspose activityRegularizer(Regularizer r) { return configure(() -> this.activityRegularizer = r); }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, true);
    if (in.get(1) < 0 || in.get(2) < 0) throw shapeError("known height and width", in, null);
    if (outputPadding != null && (outputPadding[0] >= strides[0] || outputPadding[1] >= strides[1])) {
      throw new IllegalArgumentException("output_padding must be smaller than strides. Received: output_padding="
          + ConvArgs.list(outputPadding) + ", strides=" + ConvArgs.list(strides));
    }
    if (kernel != null && in.get(3) != kernel.shape().get(3)) {
      throw shapeError("input with " + kernel.shape().get(3) + " channels (its kernel is " + Shapes.text(kernel.shape()) + ")",
          in, null);
    }
    return Shape.of(in.get(0), length(in.get(1), 0), length(in.get(2), 1), filters);
  }

  private long length(long in, int axis) {
    return ConvArgs.transposedLength(in, kernelSize[axis], padding, strides[axis], 1,
        outputPadding == null ? -1 : outputPadding[axis]);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = w.add("kernel", Shape.of(kernelSize[0], kernelSize[1], filters, in.get(3)), kernelInitializer)
        .regularizer(kernelRegularizer);
    if (useBias) bias = w.add("bias", Shape.of(filters), biasInitializer).regularizer(biasRegularizer);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape out = outputShape(x.shape());
    Operand<TInt32> batch = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> sizes = tf.concat(List.of(batch, tf.constant(new int[] {(int) out.get(1), (int) out.get(2), filters})),
        tf.constant(0));
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(sizes, kernel.value(), x, ConvArgs.nhwc(strides),
        padding.toUpperCase(Locale.ROOT));
    y = tf.reshape(y, tf.constant(new long[] {-1, out.get(1), out.get(2), filters}));
    if (useBias) y = tf.nn.biasAdd(y, bias.value());
    Operand<TFloat32> result = activate(tf, activation, y);
    if (activityRegularizer != null) Ops2.addActivityLoss(tf, activityRegularizer, result);
    return result;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("filters", filters);
    c.put("kernel_size", ConvArgs.list(kernelSize));
    c.put("strides", ConvArgs.list(strides));
    c.put("padding", padding);
    c.put("output_padding", outputPadding == null ? null : ConvArgs.list(outputPadding));
    c.put("data_format", ConvArgs.DATA_FORMAT);
    c.put("dilation_rate", List.of(1, 1));
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    c.put("kernel_initializer", Configs.initializer(kernelInitializer));
    c.put("bias_initializer", Configs.initializer(biasInitializer));
    c.put("kernel_regularizer", Configs.regularizer(kernelRegularizer));
    c.put("bias_regularizer", Configs.regularizer(biasRegularizer));
    c.put("activity_regularizer", Configs.regularizer(activityRegularizer));
    return c;
  }

  /** Rebuilds a Conv2DTranspose layer from its Keras config. */
  public static Conv2DTranspose fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    Conv2DTranspose l = new Conv2DTranspose(Configs.integer(c, "filters"), ConvArgs.pair(c, "kernel_size", null));
    l.strides = ConvArgs.pair(c, "strides", l.strides);
    l.padding = ConvArgs.padding((String) c.getOrDefault("padding", Conv2D.PADDING_DEFAULT));
    if (c.get("output_padding") != null) {
      long[] p = Configs.longs(c, "output_padding");
      l.outputPadding(p.length == 1 ? new int[] {(int) p[0]} : new int[] {(int) p[0], (int) p[1]});
    }
    int[] dilation = ConvArgs.pair(c, "dilation_rate", new int[] {1, 1});
    if (ConvArgs.dilated(dilation)) {
      throw new IllegalArgumentException("Conv2DTranspose supports only dilation_rate=[1, 1]: TensorFlow Java 1.0.0 has no CPU "
          + "kernel for dilated transposed convolutions. Received: dilation_rate=" + ConvArgs.list(dilation));
    }
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
