package io.tfweave.layers.convolutional;

import io.tfweave.constraints.Constraint;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import io.tfweave.layers.WeightedLayer;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.SequenceArgs;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * A depthwise separable 1-D convolution (Keras's {@code SeparableConv1D}): a depthwise convolution of each input channel
 * along the steps, then a pointwise (size-1) convolution that mixes the channels into {@code filters} outputs. Computed
 * with TensorFlow's {@code DepthwiseConv2dNative} and a 1×1 {@code Conv2D} on a height-1 image.
 *
 * <p>Weights: {@code depthwise_kernel} [kernelSize, in, depthMultiplier], {@code pointwise_kernel} [1, in ·
 * depthMultiplier, filters] (both glorot_uniform), {@code bias} [filters] (zeros). Defaults: stride 1, {@code VALID}
 * padding ({@code SAME} is the other choice, as in Keras), depth multiplier 1; only dilation rate 1.
 * Input shape: {@code (batch, steps, in)}. Output shape: {@code (batch, newSteps, filters)}, steps as in {@link Conv1D}.
 */
public final class SeparableConv1D extends WeightedLayer<SeparableConv1D> {
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
              "SeparableConv1D supports padding 'valid' or 'same' (as Keras). Received: padding=causal");
        return p;
      });
  private static final Option<Integer> DILATION_RATE = SequenceArgs.lengthOption("dilation_rate", 1)
      .checked(d -> {
        if (d != 1)
          throw new IllegalArgumentException("SeparableConv1D supports only dilation_rate=1 here "
              + "(TensorFlow Java 1.0.0's gradients of dilated depthwise convolutions are not "
              + "reliable). Received: dilation_rate=" + d);
        return d;
      });
  private static final Option<Integer> DEPTH_MULTIPLIER =
      Option.integer("depth_multiplier", 1).checked(m -> Checks.positive("depth_multiplier", m));
  private static final Option<Initializer> DEPTHWISE_INITIALIZER =
      KERNEL_INITIALIZER.as("depthwise_initializer");
  private static final Option<Regularizer> DEPTHWISE_REGULARIZER =
      KERNEL_REGULARIZER.as("depthwise_regularizer");
  private static final Option<Constraint> DEPTHWISE_CONSTRAINT =
      KERNEL_CONSTRAINT.as("depthwise_constraint");
  private static final Option<Initializer> POINTWISE_INITIALIZER =
      Option.initializer("pointwise_initializer", Initializers.glorotUniform());
  private static final Option<Regularizer> POINTWISE_REGULARIZER =
      Option.regularizer("pointwise_regularizer");
  private static final Option<Constraint> POINTWISE_CONSTRAINT =
      Option.constraint("pointwise_constraint");
  private static final List<Option<?>> OPTIONS = Option.list(
      FILTERS,
      KERNEL_SIZE,
      STRIDES,
      PADDING,
      ConvArgs.DATA_FORMAT,
      DILATION_RATE,
      DEPTH_MULTIPLIER,
      ACTIVATION,
      USE_BIAS,
      DEPTHWISE_INITIALIZER,
      POINTWISE_INITIALIZER,
      BIAS_INITIALIZER,
      DEPTHWISE_REGULARIZER,
      POINTWISE_REGULARIZER,
      BIAS_REGULARIZER,
      ACTIVITY_REGULARIZER,
      DEPTHWISE_CONSTRAINT,
      POINTWISE_CONSTRAINT,
      BIAS_CONSTRAINT);
  private Weight depthwise;
  private Weight pointwise;
  private Weight bias;

  /** A separable convolution with {@code filters} outputs and a window of {@code kernelSize} steps. */
  public SeparableConv1D(int filters, int kernelSize) {
    super(OPTIONS);
    set(FILTERS, filters);
    set(KERNEL_SIZE, kernelSize);
  }

  /** Step between windows (default 1). */
  public SeparableConv1D strides(int s) {
    return set(STRIDES, s);
  }

  /** {@link Padding#VALID} (default) or {@link Padding#SAME}. */
  public SeparableConv1D padding(Padding p) {
    return set(PADDING, p);
  }

  /** Depthwise outputs per input channel (default 1). */
  public SeparableConv1D depthMultiplier(int m) {
    return set(DEPTH_MULTIPLIER, m);
  }

  /** Depthwise kernel initializer (default glorot_uniform). */
  public SeparableConv1D depthwiseInitializer(Initializer i) {
    return set(DEPTHWISE_INITIALIZER, i);
  }

  /** Pointwise kernel initializer (default glorot_uniform). */
  public SeparableConv1D pointwiseInitializer(Initializer i) {
    return set(POINTWISE_INITIALIZER, i);
  }

  /** Constraint on the depthwise kernel after each update (the same as {@link #kernelConstraint}). */
  public SeparableConv1D depthwiseConstraint(Constraint c) {
    return set(DEPTHWISE_CONSTRAINT, c);
  }

  /** Constraint on the pointwise kernel after each update (default none). */
  public SeparableConv1D pointwiseConstraint(Constraint c) {
    return set(POINTWISE_CONSTRAINT, c);
  }

  @Override
  public Shape outputShape(Shape in) {
    SequenceArgs.checkSequence(this, in, true);
    if (depthwise != null && in.get(2) != depthwise.shape().get(1)) {
      throw shapeError(
          "input with " + depthwise.shape().get(1) + " channels (its depthwise_kernel is "
              + Shapes.text(depthwise.shape()) + ")",
          in,
          null);
    }
    long steps =
        SequenceArgs.outputLength(in.get(1), get(KERNEL_SIZE), get(PADDING), get(STRIDES), 1);
    SequenceArgs.checkPositive(this, in, steps, "a kernel of " + get(KERNEL_SIZE) + " steps");
    return Shape.of(in.get(0), steps, get(FILTERS));
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    long channels = in.get(2);
    int m = get(DEPTH_MULTIPLIER);
    depthwise = kernel(w, "depthwise_kernel", Shape.of(get(KERNEL_SIZE), channels, m));
    pointwise = w.add(
            "pointwise_kernel", Shape.of(1, channels * m, get(FILTERS)), get(POINTWISE_INITIALIZER))
        .regularizer(get(POINTWISE_REGULARIZER))
        .constraint(get(POINTWISE_CONSTRAINT));
    bias = bias(w, get(FILTERS));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Padding padding = get(PADDING);
    Operand<TFloat32> d = tf.nn.depthwiseConv2dNative(
        tf.expandDims(x, tf.constant(1)),
        tf.expandDims(depthwise.value(), tf.constant(0)),
        List.of(1L, 1L, (long) get(STRIDES), 1L),
        padding.name());
    Operand<TFloat32> y = tf.nn.conv2d(
        d, tf.expandDims(pointwise.value(), tf.constant(0)), List.of(1L, 1L, 1L, 1L), "VALID");
    return output(tf, tf.squeeze(y, Squeeze.axis(List.of(1L))), bias);
  }

  /** Rebuilds a SeparableConv1D layer from its Keras config. */
  public static SeparableConv1D fromConfig(Map<String, Object> c) {
    return new SeparableConv1D(FILTERS.read(c), KERNEL_SIZE.read(c)).readConfig(c);
  }
}
