package io.tfweave.layers.convolutional;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.internal.Checks;
import io.tfweave.internal.Ops2;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import io.tfweave.layers.WeightedLayer;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.SequenceArgs;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Index;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * A 1-D convolution over sequences (Keras's {@code Conv1D}): {@code activation(conv(x, kernel) + bias)} along the steps,
 * channels last. {@link Padding#CAUSAL} pads {@code dilation · (kernelSize − 1)} zeros at the start only, so that output
 * {@code t} sees inputs up to {@code t} (temporal convolutions, WaveNet).
 *
 * <p>Weights: {@code kernel} [kernelSize, in, filters] (glorot_uniform), {@code bias} [filters] (zeros).
 * Defaults: strides 1, {@code VALID} padding, dilation rate 1; strides above 1 cannot be combined with a dilation rate above
 * 1 (as in Keras). Input shape: {@code (batch, steps, in)}. Output shape: {@code (batch, newSteps, filters)}, where
 * {@code newSteps = ceil(steps / stride)} with {@code SAME} or {@code CAUSAL} padding and
 * {@code ceil((steps − dilation · (kernelSize − 1)) / stride)} with {@code VALID}.
 *
 * <p>A dilated convolution is computed as one matmul over the {@code kernelSize} shifted copies of the input (the C++
 * gradients of TensorFlow's {@code dilations} attribute are not reliable in TF Java 1.0.0); it works for unknown lengths.
 */
public final class Conv1D extends WeightedLayer<Conv1D> {
  private static final Option<Integer> FILTERS =
      Option.integer("filters").required().checked(f -> Checks.positive("filters", f));
  private static final Option<Integer> KERNEL_SIZE =
      SequenceArgs.lengthOption("kernel_size", null).required();
  private static final Option<Integer> STRIDES = SequenceArgs.lengthOption("strides", 1);
  private static final Option<Padding> PADDING =
      Option.mode("padding", Padding.class, Padding.VALID);
  private static final Option<Integer> DILATION_RATE =
      SequenceArgs.lengthOption("dilation_rate", 1);
  private static final List<Option<?>> OPTIONS = Option.list(
      FILTERS,
      KERNEL_SIZE,
      STRIDES,
      PADDING,
      ConvArgs.DATA_FORMAT,
      DILATION_RATE,
      ACTIVATION,
      WEIGHT_OPTIONS);
  private Weight kernel;
  private Weight bias;

  /** A convolution with {@code filters} outputs and a window of {@code kernelSize} steps. */
  public Conv1D(int filters, int kernelSize) {
    super(OPTIONS);
    set(FILTERS, filters);
    set(KERNEL_SIZE, kernelSize);
  }

  /** Step between windows (default 1). */
  public Conv1D strides(int s) {
    return set(STRIDES, s);
  }

  /** {@link Padding#VALID} (default), {@link Padding#SAME} or {@link Padding#CAUSAL}. */
  public Conv1D padding(Padding p) {
    return set(PADDING, p);
  }

  /** Dilation rate (default 1): the window's taps are this many steps apart. */
  public Conv1D dilationRate(int d) {
    return set(DILATION_RATE, d);
  }

  /** Number of output channels. */
  public int filters() {
    return get(FILTERS);
  }

  /** The window length. */
  public int kernelSize() {
    return get(KERNEL_SIZE);
  }

  /** The padding. */
  public Padding padding() {
    return get(PADDING);
  }

  @Override
  protected void checkOptions() {
    if (get(STRIDES) > 1 && get(DILATION_RATE) > 1) {
      throw new IllegalArgumentException(
          "strides > 1 not supported in conjunction with dilation_rate > 1. Received: " + "strides="
              + get(STRIDES) + " and dilation_rate=" + get(DILATION_RATE));
    }
  }

  @Override
  public Shape outputShape(Shape in) {
    SequenceArgs.checkSequence(this, in, true);
    if (kernel != null && in.get(2) != kernel.shape().get(1)) {
      throw shapeError(
          "input with " + kernel.shape().get(1) + " channels (its kernel is "
              + Shapes.text(kernel.shape()) + ")",
          in,
          null);
    }
    long steps = SequenceArgs.outputLength(
        in.get(1), kernelSize(), padding(), get(STRIDES), get(DILATION_RATE));
    SequenceArgs.checkPositive(
        this,
        in,
        steps,
        "a kernel of " + kernelSize() + " steps with dilation rate " + get(DILATION_RATE));
    return Shape.of(in.get(0), steps, filters());
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = kernel(w, "kernel", Shape.of(kernelSize(), in.get(2), filters()));
    bias = bias(w, filters());
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int k = kernelSize();
    int dilation = get(DILATION_RATE);
    int span = dilation * (k - 1);
    Padding padding = padding();
    if (padding == Padding.CAUSAL) {
      x = tf.pad(x, tf.constant(new int[][] {{0, 0}, {span, 0}, {0, 0}}), tf.constant(0f));
      padding = Padding.VALID;
    }
    Operand<TFloat32> y;
    if (dilation == 1) {
      Operand<TFloat32> x4 = tf.expandDims(x, tf.constant(1));
      Operand<TFloat32> k4 = tf.expandDims(kernel.value(), tf.constant(0));
      y = tf.nn.conv2d(x4, k4, List.of(1L, 1L, (long) get(STRIDES), 1L), padding.name());
      y = tf.squeeze(y, Squeeze.axis(List.of(1L)));
    } else {
      if (padding == Padding.SAME) {
        x = tf.pad(
            x,
            tf.constant(new int[][] {{0, 0}, {span / 2, span - span / 2}, {0, 0}}),
            tf.constant(0f));
      }
      y = Ops2.denseMatMul(
          tf, taps(tf, x, k, dilation), tf.reshape(kernel.value(), tf.constant(new long[] {
            k * kernel.shape().get(1), filters()
          })));
    }
    return output(tf, y, bias);
  }

  /** The {@code k} copies of {@code x} shifted by multiples of {@code dilation}, concatenated on the channel axis. */
  private static Operand<TFloat32> taps(Ops tf, Operand<TFloat32> x, int k, int dilation) {
    List<Operand<TFloat32>> copies = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      long start = (long) j * dilation;
      long fromEnd = (long) (k - 1 - j) * dilation;
      Index steps = fromEnd == 0 ? Indices.sliceFrom(start) : Indices.slice(start, -fromEnd);
      copies.add(tf.stridedSlice(x, Indices.all(), steps, Indices.all()));
    }
    return tf.concat(copies, tf.constant(-1));
  }

  /** Rebuilds a Conv1D layer from its Keras config. */
  public static Conv1D fromConfig(Map<String, Object> c) {
    return new Conv1D(FILTERS.read(c), KERNEL_SIZE.read(c)).readConfig(c);
  }
}
