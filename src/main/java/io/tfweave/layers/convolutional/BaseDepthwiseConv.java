package io.tfweave.layers.convolutional;

import io.tfweave.constraints.Constraint;
import io.tfweave.initializers.Initializer;
import io.tfweave.internal.Checks;
import io.tfweave.layers.Option;
import io.tfweave.regularizers.Regularizer;
import java.util.List;

/**
 * The base of the convolutions with a depthwise step ({@link DepthwiseConv2D}, {@link SeparableConv2D}): the depth
 * multiplier and the depthwise kernel's initializer and regularizer, which configs write as {@code depthwise_initializer}
 * and {@code depthwise_regularizer} (they are the kernel initializer and regularizer of {@link BaseConv}).
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class BaseDepthwiseConv<L extends BaseDepthwiseConv<L>> extends BaseConv<L> {
  /** Depthwise outputs per input channel (default 1). */
  protected static final Option<Integer> DEPTH_MULTIPLIER =
      Option.integer("depth_multiplier", 1).checked(m -> Checks.positive("depth_multiplier", m));
  /** The kernel initializer under the depthwise convolutions' key. */
  protected static final Option<Initializer> DEPTHWISE_INITIALIZER =
      KERNEL_INITIALIZER.as("depthwise_initializer");
  /** The kernel regularizer under the depthwise convolutions' key. */
  protected static final Option<Regularizer> DEPTHWISE_REGULARIZER =
      KERNEL_REGULARIZER.as("depthwise_regularizer");

  /** The kernel constraint under the depthwise convolutions' key. */
  protected static final Option<Constraint> DEPTHWISE_CONSTRAINT =
      KERNEL_CONSTRAINT.as("depthwise_constraint");

  BaseDepthwiseConv(List<Option<?>> options, int... kernelSize) {
    super(options, kernelSize);
  }

  /** Depthwise outputs per input channel (default 1). */
  public L depthMultiplier(int m) {
    return set(DEPTH_MULTIPLIER, m);
  }

  /** Depthwise kernel initializer (default glorot_uniform; the same as {@link #kernelInitializer}). */
  public L depthwiseInitializer(Initializer i) {
    return set(DEPTHWISE_INITIALIZER, i);
  }

  /** Penalty on the depthwise kernel (the same as {@link #kernelRegularizer}). */
  public L depthwiseRegularizer(Regularizer r) {
    return set(DEPTHWISE_REGULARIZER, r);
  }

  /** Constraint on the depthwise kernel after each update (the same as {@link #kernelConstraint}). */
  public L depthwiseConstraint(Constraint c) {
    return set(DEPTHWISE_CONSTRAINT, c);
  }

  /** The depth multiplier. */
  protected final int depthMultiplier() {
    return get(DEPTH_MULTIPLIER);
  }
}
