package io.tfweave.layers.convolutional;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.internal.Checks;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.ConvArgs;
import java.util.Arrays;
import java.util.List;
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
 * <p>Dilation is not supported (TensorFlow Java 1.0.0 has no CPU kernel for it): {@code dilationRate} accepts only 1.
 *
 * <p>Weights: {@code kernel} [kh, kw, filters, in] (glorot_uniform; note the swapped channel axes), {@code bias} [filters].
 * Input shape: {@code (batch, height, width, in)} with known height and width. Output shape: {@code (batch, newHeight,
 * newWidth, filters)} with {@code newHeight = height · stride} for {@code SAME} and {@code height · stride +
 * max(kernel − stride, 0)} for {@code VALID}; with an output padding {@code p},
 * {@code newHeight = (height − 1) · stride + kernel − 2 · pad + p} where {@code pad} is {@code kernel / 2} for {@code SAME}.
 */
public final class Conv2DTranspose extends BaseConv<Conv2DTranspose> {
  private static final Option<int[]> OUTPUT_PADDING = Option.of(
          "output_padding", (int[]) null, ConvArgs::list, raw -> Arrays.stream(
                  Configs.longs(Map.of("output_padding", raw), "output_padding"))
              .mapToInt(v -> (int) v)
              .toArray())
      .nullable()
      .checked(Conv2DTranspose::checkOutputPadding);
  private static final List<Option<?>> OPTIONS = Option.list(
      FILTERS,
      KERNEL_SIZE,
      STRIDES,
      PADDING,
      OUTPUT_PADDING,
      ConvArgs.DATA_FORMAT,
      DILATION_RATE,
      ACTIVATION,
      WEIGHT_OPTIONS);
  private Weight kernel;
  private Weight bias;

  /** A transposed convolution with {@code filters} outputs and a square or rectangular kernel. */
  public Conv2DTranspose(int filters, int... kernelSize) {
    super(OPTIONS, kernelSize);
    set(FILTERS, filters);
  }

  /** Extra rows/columns added to one side of the output (default none: inferred); each must be below its stride. */
  public Conv2DTranspose outputPadding(int... p) {
    return set(OUTPUT_PADDING, p);
  }

  private static int[] checkOutputPadding(int[] p) {
    if (p.length < 1 || p.length > 2) {
      throw new IllegalArgumentException(
          "output_padding must be one or two non-negative integers. Received: output_padding="
              + Arrays.toString(p));
    }
    int[] v = p.length == 1 ? new int[] {p[0], p[0]} : p.clone();
    for (int k : v) Checks.nonNegative("output_padding", k);
    return v;
  }

  /** Only dilation rate 1: TensorFlow Java 1.0.0 has no CPU kernel for dilated transposed convolutions. */
  @Override
  protected void checkOptions() {
    int[] dilation = get(DILATION_RATE);
    if (ConvArgs.dilated(dilation)) {
      throw new IllegalArgumentException(
          "Conv2DTranspose supports only dilation_rate=[1, 1]: TensorFlow Java 1.0.0 has no "
              + "CPU kernel for dilated transposed convolutions. Received: dilation_rate="
              + ConvArgs.list(dilation));
    }
  }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, true);
    if (in.get(1) < 0 || in.get(2) < 0) throw shapeError("known height and width", in, null);
    int[] strides = get(STRIDES);
    int[] outputPadding = get(OUTPUT_PADDING);
    if (outputPadding != null
        && (outputPadding[0] >= strides[0] || outputPadding[1] >= strides[1])) {
      throw new IllegalArgumentException(
          "output_padding must be smaller than strides. Received: output_padding="
              + ConvArgs.list(outputPadding) + ", strides=" + ConvArgs.list(strides));
    }
    ConvArgs.checkChannels(this, in, kernel, 3, "its kernel is");
    return Shape.of(in.get(0), length(in.get(1), 0), length(in.get(2), 1), get(FILTERS));
  }

  private long length(long in, int axis) {
    int[] outputPadding = get(OUTPUT_PADDING);
    return ConvArgs.transposedLength(
        in,
        kernelSize()[axis],
        padding(),
        get(STRIDES)[axis],
        1,
        outputPadding == null ? -1 : outputPadding[axis]);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel =
        kernel(w, "kernel", Shape.of(kernelSize()[0], kernelSize()[1], get(FILTERS), in.get(3)));
    bias = bias(w, get(FILTERS));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape out = outputShape(x.shape());
    int filters = get(FILTERS);
    Operand<TInt32> batch =
        tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> sizes = tf.concat(
        List.of(batch, tf.constant(new int[] {(int) out.get(1), (int) out.get(2), filters})),
        tf.constant(0));
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(
        sizes, kernel.value(), x, ConvArgs.nhwc(get(STRIDES)), padding().name());
    y = tf.reshape(y, tf.constant(new long[] {-1, out.get(1), out.get(2), filters}));
    return output(tf, y, bias);
  }

  /** Rebuilds a Conv2DTranspose layer from its Keras config. */
  public static Conv2DTranspose fromConfig(Map<String, Object> c) {
    return new Conv2DTranspose(FILTERS.read(c), KERNEL_SIZE.read(c)).readConfig(c);
  }
}
