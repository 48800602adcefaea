package io.tfweave.layers.convolutional;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.internal.Checks;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import io.tfweave.layers.WeightedLayer;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.SequenceArgs;
import io.tfweave.shape.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A transposed 1-D convolution (Keras's {@code Conv1DTranspose}): the gradient of a {@link Conv1D} with respect to its
 * input, used to up-sample sequences. Computed as TensorFlow's {@code Conv2DBackpropInput} on a height-1 image.
 *
 * <p>Weights: {@code kernel} [kernelSize, filters, in] (glorot_uniform; note the swapped channel axes, as Keras),
 * {@code bias} [filters] (zeros). Defaults: stride 1, {@code VALID} padding, no output padding; only dilation rate 1.
 * Input shape: {@code (batch, steps, in)} with known steps. Output shape: {@code (batch, newSteps, filters)} with
 * {@code newSteps = steps · stride} for {@code SAME} and {@code steps · stride + max(kernel − stride, 0)} for
 * {@code VALID}; with an output padding {@code p}, {@code (steps − 1) · stride + kernel − 2 · pad + p}.
 */
public final class Conv1DTranspose extends WeightedLayer<Conv1DTranspose> {
  private static final Option<Integer> FILTERS =
      Option.integer("filters").required().checked(f -> Checks.positive("filters", f));
  private static final Option<Integer> KERNEL_SIZE =
      SequenceArgs.lengthOption("kernel_size", null).required();
  private static final Option<Integer> STRIDES = SequenceArgs.lengthOption("strides", 1);
  private static final Option<Padding> PADDING = Option.mode(
          "padding", Padding.class, Padding.VALID)
      .checked(p -> {
        if (p == Padding.CAUSAL)
          throw new IllegalArgumentException(
              "Conv1DTranspose supports padding 'valid' or 'same'. Received: padding=causal");
        return p;
      });
  private static final Option<Integer> OUTPUT_PADDING = Option.integer("output_padding")
      .nullable()
      .checked(p -> {
        Checks.nonNegative("output_padding", p);
        return p;
      });
  private static final Option<Integer> DILATION_RATE = SequenceArgs.lengthOption("dilation_rate", 1)
      .checked(d -> {
        if (d != 1)
          throw new IllegalArgumentException(
              "Conv1DTranspose supports only dilation_rate=1: TensorFlow Java 1.0.0 has no CPU kernel "
                  + "for dilated transposed convolutions. Received: dilation_rate=" + d);
        return d;
      });
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

  /** A transposed convolution with {@code filters} outputs and a window of {@code kernelSize} steps. */
  public Conv1DTranspose(int filters, int kernelSize) {
    super(OPTIONS);
    set(FILTERS, filters);
    set(KERNEL_SIZE, kernelSize);
  }

  /** Step between input positions in the output (default 1): the up-sampling factor. */
  public Conv1DTranspose strides(int s) {
    return set(STRIDES, s);
  }

  /** {@link Padding#VALID} (default) or {@link Padding#SAME}. */
  public Conv1DTranspose padding(Padding p) {
    return set(PADDING, p);
  }

  /** Extra steps added to one end of the output (default none: inferred); must be below the stride. */
  public Conv1DTranspose outputPadding(int p) {
    return set(OUTPUT_PADDING, p);
  }

  @Override
  public Shape outputShape(Shape in) {
    SequenceArgs.checkSequence(this, in, true);
    if (in.get(1) < 0) throw shapeError("a known number of steps", in, null);
    Integer p = get(OUTPUT_PADDING);
    if (p != null && p >= get(STRIDES)) {
      throw new IllegalArgumentException("output_padding must be smaller than strides. Received: "
          + "output_padding=" + p + ", strides=" + get(STRIDES));
    }
    if (kernel != null && in.get(2) != kernel.shape().get(2)) {
      throw shapeError(
          "input with " + kernel.shape().get(2) + " channels (its kernel is "
              + Shapes.text(kernel.shape()) + ")",
          in,
          null);
    }
    long steps = ConvArgs.transposedLength(
        in.get(1), get(KERNEL_SIZE), get(PADDING), get(STRIDES), 1, p == null ? -1 : p);
    return Shape.of(in.get(0), steps, get(FILTERS));
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = kernel(w, "kernel", Shape.of(get(KERNEL_SIZE), get(FILTERS), in.get(2)));
    bias = bias(w, get(FILTERS));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    long steps = outputShape(x.shape()).get(1);
    int filters = get(FILTERS);
    Operand<TInt32> batch =
        tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> sizes =
        tf.concat(List.of(batch, tf.constant(new int[] {1, (int) steps, filters})), tf.constant(0));
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(
        sizes,
        tf.expandDims(kernel.value(), tf.constant(0)),
        tf.expandDims(x, tf.constant(1)),
        List.of(1L, 1L, (long) get(STRIDES), 1L),
        get(PADDING).name());
    y = tf.reshape(
        tf.squeeze(y, Squeeze.axis(List.of(1L))), tf.constant(new long[] {-1, steps, filters}));
    return output(tf, y, bias);
  }

  /** Rebuilds a Conv1DTranspose layer from its Keras config. */
  public static Conv1DTranspose fromConfig(Map<String, Object> c) {
    return new Conv1DTranspose(FILTERS.read(c), KERNEL_SIZE.read(c)).readConfig(c);
  }
}
