package io.tfweave.layers.convolutional;

import io.tfweave.constraints.Constraint;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.Option;
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
public final class SeparableConv2D extends BaseDepthwiseConv<SeparableConv2D> {
  private static final Option<Initializer> POINTWISE_INITIALIZER =
      Option.initializer("pointwise_initializer", Initializers.glorotUniform());
  private static final Option<Regularizer> POINTWISE_REGULARIZER =
      Option.regularizer("pointwise_regularizer");
  private static final Option<Constraint> POINTWISE_CONSTRAINT =
      Option.constraint("pointwise_constraint");
  private static final List<Option<?>> OPTIONS = Option.list(
      FILTERS,
      CONV_OPTIONS,
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

  /** A separable convolution with {@code filters} outputs and a square or rectangular kernel. */
  public SeparableConv2D(int filters, int... kernelSize) {
    super(OPTIONS, kernelSize);
    set(FILTERS, filters);
  }

  /** Pointwise kernel initializer (default glorot_uniform). */
  public SeparableConv2D pointwiseInitializer(Initializer i) {
    return set(POINTWISE_INITIALIZER, i);
  }

  /** Penalty on the pointwise kernel. */
  public SeparableConv2D pointwiseRegularizer(Regularizer r) {
    return set(POINTWISE_REGULARIZER, r);
  }

  /** Constraint on the pointwise kernel after each update (default none). */
  public SeparableConv2D pointwiseConstraint(Constraint c) {
    return set(POINTWISE_CONSTRAINT, c);
  }

  @Override
  public Shape outputShape(Shape in) {
    long[] hw = outputSize(in, depthwise, "its depthwise_kernel is");
    return Shape.of(in.get(0), hw[0], hw[1], get(FILTERS));
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    long channels = in.get(3);
    int m = depthMultiplier();
    depthwise =
        kernel(w, "depthwise_kernel", Shape.of(kernelSize()[0], kernelSize()[1], channels, m));
    pointwise = w.add(
            "pointwise_kernel",
            Shape.of(1, 1, channels * m, get(FILTERS)),
            get(POINTWISE_INITIALIZER))
        .regularizer(get(POINTWISE_REGULARIZER))
        .constraint(get(POINTWISE_CONSTRAINT));
    bias = bias(w, get(FILTERS));
  }

  private Shape depthwiseShape(Shape in) {
    Shape out = outputShape(in);
    return Shape.of(out.get(0), out.get(1), out.get(2), in.get(3) * depthMultiplier());
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> k = depthwise.value();
    Operand<TFloat32> d = convolve(
        tf,
        x,
        () -> depthwiseShape(x.shape()),
        (b, s, p) -> tf.nn.depthwiseConv2dNative(b, k, s, p));
    return output(tf, tf.nn.conv2d(d, pointwise.value(), List.of(1L, 1L, 1L, 1L), "VALID"), bias);
  }

  /** Rebuilds a SeparableConv2D layer from its Keras config. */
  public static SeparableConv2D fromConfig(Map<String, Object> c) {
    return new SeparableConv2D(FILTERS.read(c), KERNEL_SIZE.read(c)).readConfig(c);
  }
}
