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
  private final ConvOptions conv;
  private final WeightOptions o = new WeightOptions();
  private int[] outputPadding;
  private Activation activation = Activation.LINEAR;
  private Weight kernel;
  private Weight bias;

  /** A transposed convolution with {@code filters} outputs and a square or rectangular kernel. */
  public Conv2DTranspose(int filters, int... kernelSize) {
    this.filters = Checks.positive("filters", filters);
    this.conv = new ConvOptions(kernelSize);
  }

  /** Strides, i.e. the up-sampling factor (default 1). */
  public Conv2DTranspose strides(int... s) { return configure(() -> conv.strides(s)); }

  /** {@code "valid"} (default) or {@code "same"}. */
  public Conv2DTranspose padding(String p) { return configure(() -> conv.padding(p)); }

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
  public Conv2DTranspose useBias(boolean b) { return configure(() -> o.useBias = b); }

  /** Kernel initializer (default glorot_uniform). */
  public Conv2DTranspose kernelInitializer(Initializer i) { return configure(() -> o.kernelInitializer = i); }

  /** Bias initializer (default zeros). */
  public Conv2DTranspose biasInitializer(Initializer i) { return configure(() -> o.biasInitializer = i); }

  /** Penalty on the kernel. */
  public Conv2DTranspose kernelRegularizer(Regularizer r) { return configure(() -> o.kernelRegularizer = r); }

  /** Penalty on the bias. */
  public Conv2DTranspose biasRegularizer(Regularizer r) { return configure(() -> o.biasRegularizer = r); }

  /** Penalty on the output. */
  public Conv2DTranspose activityRegularizer(Regularizer r) { return configure(() -> o.activityRegularizer = r); }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, true);
    if (in.get(1) < 0 || in.get(2) < 0) throw shapeError("known height and width", in, null);
    int[] strides = conv.strides;
    if (outputPadding != null && (outputPadding[0] >= strides[0] || outputPadding[1] >= strides[1])) {
      throw new IllegalArgumentException("output_padding must be smaller than strides. Received: output_padding="
          + ConvArgs.list(outputPadding) + ", strides=" + ConvArgs.list(strides));
    }
    ConvArgs.checkChannels(this, in, kernel, 3, "its kernel is");
    return Shape.of(in.get(0), length(in.get(1), 0), length(in.get(2), 1), filters);
  }

  private long length(long in, int axis) {
    return ConvArgs.transposedLength(in, conv.kernelSize[axis], conv.padding, conv.strides[axis], 1,
        outputPadding == null ? -1 : outputPadding[axis]);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = o.kernel(w, "kernel", Shape.of(conv.kernelSize[0], conv.kernelSize[1], filters, in.get(3)));
    bias = o.bias(w, filters);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape out = outputShape(x.shape());
    Operand<TInt32> batch = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> sizes = tf.concat(List.of(batch, tf.constant(new int[] {(int) out.get(1), (int) out.get(2), filters})),
        tf.constant(0));
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(sizes, kernel.value(), x, ConvArgs.nhwc(conv.strides),
        conv.padding.toUpperCase(Locale.ROOT));
    y = tf.reshape(y, tf.constant(new long[] {-1, out.get(1), out.get(2), filters}));
    return o.output(tf, y, bias, activation);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("filters", filters);
    conv.putKernelStridesPadding(c);
    c.put("output_padding", outputPadding == null ? null : ConvArgs.list(outputPadding));
    conv.putFormatAndDilation(c);
    c.put("activation", activation.name());
    o.config(c);
    return c;
  }

  /** Rebuilds a Conv2DTranspose layer from its Keras config. */
  public static Conv2DTranspose fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    Conv2DTranspose l = new Conv2DTranspose(Configs.integer(c, "filters"), ConvArgs.pair(c, "kernel_size", null));
    l.conv.readStridesAndPadding(c);
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
    l.o.fromConfig(c);
    return Configs.common(l, c);
  }
}
