package io.tfweave.layers.convolutional;

import io.tfweave.graph.Weight;
import io.tfweave.internal.Checks;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import io.tfweave.layers.WeightedLayer;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The base of the 2-D convolutions (channels last): the kernel size, strides, padding and dilation rate with their setters
 * and config keys, on top of the kernel and bias options of {@link WeightedLayer}; the output size and the strided or atrous
 * convolution call.
 *
 * <p>Defaults: strides 1, {@link Padding#VALID}, dilation rate 1. Strides above 1 cannot be combined with a dilation rate
 * above 1, and a dilated convolution needs a static input height and width.
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class BaseConv<L extends BaseConv<L>> extends WeightedLayer<L> {
  /** Keras's default padding. */
  public static final Padding PADDING_DEFAULT = Padding.VALID;

  protected static final Option<Integer> FILTERS =
      Option.integer("filters").required().checked(f -> Checks.positive("filters", f));
  protected static final Option<int[]> KERNEL_SIZE =
      ConvArgs.pairOption("kernel_size").required();
  protected static final Option<int[]> STRIDES = ConvArgs.pairOption("strides", 1);
  protected static final Option<Padding> PADDING = ConvArgs.PADDING;
  protected static final Option<int[]> DILATION_RATE = ConvArgs.pairOption("dilation_rate", 1);
  /** {@code kernel_size}, {@code strides}, {@code padding}, {@code data_format} and {@code dilation_rate}, Keras's order. */
  protected static final List<Option<?>> CONV_OPTIONS =
      Option.list(KERNEL_SIZE, STRIDES, PADDING, ConvArgs.DATA_FORMAT, DILATION_RATE);

  /** A TensorFlow convolution op given its input, {@code [1, h, w, 1]} strides and TensorFlow's padding name. */
  protected interface ConvOp {
    Operand<TFloat32> apply(Operand<TFloat32> x, List<Long> strides, String padding);
  }

  /** A convolution with {@code options} and a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  protected BaseConv(List<Option<?>> options, int... kernelSize) {
    super(options);
    set(KERNEL_SIZE, kernelSize);
  }

  /** Strides (default 1); one value or (height, width). */
  public L strides(int... s) {
    return set(STRIDES, s);
  }

  /** {@link Padding#VALID} (default, no padding) or {@link Padding#SAME} (output size = ceil(input / stride)). */
  public L padding(Padding p) {
    return set(PADDING, p);
  }

  /** Dilation (atrous) rate (default 1); one value or (height, width); cannot be combined with strides above 1. */
  public L dilationRate(int... d) {
    return set(DILATION_RATE, d);
  }

  /** The padding. */
  public Padding padding() {
    return get(PADDING);
  }

  /** The kernel's (height, width). */
  protected final int[] kernelSize() {
    return get(KERNEL_SIZE);
  }

  /**
   * Checks an image input (and, once built, its channels against axis 2 of {@code kernel}, described as
   * {@code kernelText}, e.g. "its kernel is") and returns the output's {@code {height, width}}.
   */
  protected final long[] outputSize(Shape in, Weight kernel, String kernelText) {
    int[] k = kernelSize();
    int[] strides = get(STRIDES);
    int[] dilation = get(DILATION_RATE);
    ConvArgs.checkImage(this, in, true);
    ConvArgs.checkStridesAndDilation(strides, dilation);
    ConvArgs.checkDilatedInput(this, in, dilation);
    ConvArgs.checkChannels(this, in, kernel, 2, kernelText);
    long h = ConvArgs.outputLength(in.get(1), k[0], padding(), strides[0], dilation[0]);
    long w = ConvArgs.outputLength(in.get(2), k[1], padding(), strides[1], dilation[1]);
    ConvArgs.checkPositive(this, in, h, w, "a " + k[0] + "x" + k[1] + " kernel");
    return new long[] {h, w};
  }

  /** Runs {@code op} with the strides, or, when dilated, stride 1 and VALID padding inside {@link ConvArgs#atrous}. */
  protected final Operand<TFloat32> convolve(
      Ops tf, Operand<TFloat32> x, Supplier<Shape> out, ConvOp op) {
    int[] dilation = get(DILATION_RATE);
    return ConvArgs.dilated(dilation)
        ? ConvArgs.atrous(
            tf,
            x,
            kernelSize(),
            dilation,
            padding(),
            out.get(),
            b -> op.apply(b, List.of(1L, 1L, 1L, 1L), "VALID"))
        : op.apply(x, ConvArgs.nhwc(get(STRIDES)), padding().name());
  }
}
